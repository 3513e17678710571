package dev.flotilla.agent.stats;

/** Pure parsers for the /proc files behind {@link HostStats}; each takes the file's text. */
public final class ProcStats {

    private ProcStats() {
    }

    /** Cumulative CPU jiffies of the whole machine; idle counts iowait too (the CPU had nothing to run). */
    public record CpuTimes(long idle, long total) {

        /** Busy percent between an earlier sample and this one; 0 when no time passed. */
        public double busyPercentSince(CpuTimes earlier) {
            long total = this.total - earlier.total;
            long idle = this.idle - earlier.idle;
            if (total <= 0) {
                return 0;
            }
            return Math.max(0, Math.min(100, 100.0 * (total - idle) / total));
        }
    }

    public record MemInfo(long totalKiB, long availableKiB) {
        public long totalMiB() { return totalKiB / 1024; }
        public long usedMiB() { return (totalKiB - availableKiB) / 1024; }
    }

    public record LoadAverage(double load1, double load5, double load15) {
    }

    /** The aggregate "cpu " line of /proc/stat: user nice system idle iowait irq softirq steal (guest is inside user). */
    public static CpuTimes parseStat(String text) {
        for (String line : text.split("\n")) {
            if (line.startsWith("cpu ")) {
                String[] f = line.trim().split("\\s+");
                long total = 0;
                for (int i = 1; i < Math.min(f.length, 9); i++) {
                    total += Long.parseLong(f[i]);
                }
                long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
                return new CpuTimes(idle, total);
            }
        }
        throw new IllegalArgumentException("/proc/stat has no aggregate 'cpu' line");
    }

    /** MemTotal and MemAvailable (kernels before 3.14 lack MemAvailable: then free + buffers + cached). */
    public static MemInfo parseMeminfo(String text) {
        long total = -1, available = -1, free = 0, buffers = 0, cached = 0;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon);
            String[] value = line.substring(colon + 1).trim().split("\\s+");
            switch (key) {
                case "MemTotal" -> total = Long.parseLong(value[0]);
                case "MemAvailable" -> available = Long.parseLong(value[0]);
                case "MemFree" -> free = Long.parseLong(value[0]);
                case "Buffers" -> buffers = Long.parseLong(value[0]);
                case "Cached" -> cached = Long.parseLong(value[0]);
                default -> { }
            }
        }
        if (total < 0) {
            throw new IllegalArgumentException("/proc/meminfo has no MemTotal line");
        }
        return new MemInfo(total, available >= 0 ? available : free + buffers + cached);
    }

    /** "0.52 0.58 0.59 1/467 12345" */
    public static LoadAverage parseLoadavg(String text) {
        String[] f = text.trim().split("\\s+");
        if (f.length < 3) {
            throw new IllegalArgumentException("/proc/loadavg has fewer than three numbers: " + text.trim());
        }
        return new LoadAverage(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]));
    }

    /** "350735.47 234388.90": seconds since boot, then idle seconds. */
    public static long parseUptimeSeconds(String text) {
        String[] f = text.trim().split("\\s+");
        return (long) Double.parseDouble(f[0]);
    }
}
