package dev.flotilla.agent.stats;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /** Cumulative bytes of one device: read and written by a disk, or received and sent by an interface. */
    public record ByteCounters(long in, long out) {
    }

    /** Bytes per second in and out between two readings. */
    public record Rates(double inPerSecond, double outPerSecond) {
        public static final Rates ZERO = new Rates(0, 0);
    }

    /**
     * Devices that are other devices' bytes seen again: loop files and device-mapper/md volumes sit on
     * real disks, ram and zram are memory. Counting them would count the same bytes twice (or none).
     */
    private static final List<String> NOT_DISKS = List.of("loop", "ram", "zram", "dm-", "md");
    private static final int SECTOR_BYTES = 512;    // diskstats counts 512-byte sectors whatever the device's own size

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

    /**
     * Bytes read and written by each whole disk, from /proc/diskstats: "major minor name reads merged
     * sectors-read ms writes merged sectors-written ...". Partitions are left out (their disk counts
     * them already), and so are the {@link #NOT_DISKS}.
     */
    public static Map<String, ByteCounters> parseDiskstats(String text) {
        Map<String, ByteCounters> all = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 14) {
                continue;   // blank, or the short partition lines of 2.6 kernels
            }
            all.put(f[2], new ByteCounters(Long.parseLong(f[5]) * SECTOR_BYTES, Long.parseLong(f[9]) * SECTOR_BYTES));
        }
        Set<String> names = new HashSet<>(all.keySet());
        all.keySet().removeIf(name -> NOT_DISKS.stream().anyMatch(name::startsWith) || isPartition(name, names));
        return all;
    }

    /**
     * The kernel names a partition after its disk: "sda" → "sda1", and with a "p" when the disk's
     * name ends in a digit: "nvme0n1" → "nvme0n1p1", "mmcblk0" → "mmcblk0p2". So "nvme0n10" is a
     * disk of its own, not a partition of "nvme0n1".
     */
    static boolean isPartition(String name, Set<String> devices) {
        for (String disk : devices) {
            if (disk.length() < name.length() && name.startsWith(disk)) {
                String rest = name.substring(disk.length());
                boolean digitEnd = Character.isDigit(disk.charAt(disk.length() - 1));
                if (digitEnd ? rest.matches("p\\d+") : rest.matches("\\d+")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Bytes received and sent by each interface but lo, from /proc/net/dev: two header lines, then
     * "name: rx-bytes rx-packets ... (8 receive fields) tx-bytes ...". Old kernels write no space
     * after the colon.
     */
    public static Map<String, ByteCounters> parseNetDev(String text) {
        Map<String, ByteCounters> all = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String[] f = line.substring(colon + 1).trim().split("\\s+");
            if (name.equals("lo") || f.length < 9) {
                continue;
            }
            all.put(name, new ByteCounters(Long.parseLong(f[0]), Long.parseLong(f[8])));
        }
        return all;
    }

    /**
     * Rates between two readings taken {@code seconds} apart, summed device by device: a device
     * that appeared meanwhile, or whose counters went backwards (removed and added again, a driver
     * reset), adds nothing rather than a jump or a negative rate.
     */
    public static Rates rates(Map<String, ByteCounters> earlier, Map<String, ByteCounters> now, double seconds) {
        if (seconds <= 0) {
            return Rates.ZERO;
        }
        long in = 0, out = 0;
        for (Map.Entry<String, ByteCounters> e : now.entrySet()) {
            ByteCounters before = earlier.get(e.getKey());
            if (before != null) {
                in += Math.max(0, e.getValue().in() - before.in());
                out += Math.max(0, e.getValue().out() - before.out());
            }
        }
        return new Rates(in / seconds, out / seconds);
    }
}
