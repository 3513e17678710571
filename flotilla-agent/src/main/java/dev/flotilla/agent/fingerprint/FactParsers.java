package dev.flotilla.agent.fingerprint;

/** Pure parsers for the files behind {@link HostFingerprint}; each takes the file's text. */
public final class FactParsers {

    private FactParsers() {
    }

    /** What /proc/cpuinfo says: the first CPU's model and flags, and how many logical CPUs are listed. */
    public record CpuInfo(String model, String flags, int logicalCpus) {
    }

    public static CpuInfo parseCpuinfo(String text) {
        String model = null;
        String flags = "";
        int processors = 0;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "processor" -> processors++;
                // x86 says "model name"; some arm and s390 kernels only say "Processor" or "cpu model"
                case "model name", "Processor", "cpu model" -> { if (model == null) model = value; }
                // x86 "flags", arm "Features"
                case "flags", "Features" -> { if (flags.isEmpty()) flags = value.replaceAll("\\s+", " "); }
                default -> { }
            }
        }
        return new CpuInfo(model == null ? "unknown" : model, flags, processors);
    }

    /** PRETTY_NAME of /etc/os-release, unquoted; falls back to NAME, then "Linux". */
    public static String parseOsRelease(String text) {
        String pretty = null;
        String name = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("PRETTY_NAME=")) {
                pretty = unquote(line.substring("PRETTY_NAME=".length()));
            } else if (line.startsWith("NAME=")) {
                name = unquote(line.substring("NAME=".length()));
            }
        }
        return pretty != null && !pretty.isEmpty() ? pretty : name != null ? name : "Linux";
    }

    /** MemTotal of /proc/meminfo in MiB. */
    public static long parseMemTotalMiB(String text) {
        for (String line : text.split("\n")) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.substring("MemTotal:".length()).trim().split("\\s+")[0]) / 1024;
            }
        }
        throw new IllegalArgumentException("/proc/meminfo has no MemTotal line");
    }

    private static String unquote(String value) {
        String v = value.trim();
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            v = v.substring(1, v.length() - 1);
        }
        return v.replace("\\\"", "\"");
    }
}
