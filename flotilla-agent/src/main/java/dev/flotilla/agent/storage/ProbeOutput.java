package dev.flotilla.agent.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers for what libnfs's and libiscsi's tools print; pure, tested on their real output. */
final class ProbeOutput {

    /** The LUNs {@code iscsi-ls -s} showed for one target, or that it never got to the target. */
    record LunScan(boolean reached, List<Integer> diskLuns) {}

    private static final Pattern NFS_FREE = Pattern.compile("^(\\d+) of (\\d+) bytes free\\.?\\s*$", Pattern.MULTILINE);
    private static final Pattern TARGET = Pattern.compile("^Target:(\\S+)\\s+Portal:", Pattern.MULTILINE);
    private static final Pattern LUN = Pattern.compile("^Lun:(\\d+)\\s+Type:(\\S+)");

    private ProbeOutput() {}

    /** The export paths in {@code nfs-ls -D nfs://server}: one {@code nfs://server/path} per line. */
    static List<String> nfsExports(String discovery) {
        List<String> exports = new ArrayList<>();
        for (String line : discovery.split("\\R")) {
            String l = line.strip();
            if (l.startsWith("nfs://")) {
                int slash = l.indexOf('/', "nfs://".length());
                String path = slash < 0 ? "/" : l.substring(slash);
                exports.add(path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
            }
        }
        return exports;
    }

    /** {@code [free, total]} from the last line of {@code nfs-ls -s}: "N of M bytes free." */
    static Optional<long[]> nfsFreeAndTotal(String summary) {
        Matcher m = NFS_FREE.matcher(summary);
        long[] found = null;
        while (m.find()) {
            found = new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
        }
        return Optional.ofNullable(found);
    }

    /** The target names in {@code iscsi-ls iscsi://portal}: "Target:IQN Portal:addr:port,tpgt". */
    static List<String> iscsiTargets(String listing) {
        List<String> targets = new ArrayList<>();
        Matcher m = TARGET.matcher(listing);
        while (m.find()) {
            if (!targets.contains(m.group(1))) {
                targets.add(m.group(1));
            }
        }
        return targets;
    }

    /**
     * The disk LUNs of {@code target} in {@code iscsi-ls -s}'s standard output. That tool logs into
     * each target in turn and stops at the first that refuses it, so a target may never be reached.
     */
    static LunScan iscsiLuns(String listing, String target) {
        boolean inTarget = false;
        boolean reached = false;
        List<Integer> luns = new ArrayList<>();
        for (String line : listing.split("\\R")) {
            Matcher t = TARGET.matcher(line);
            if (t.find()) {
                inTarget = t.group(1).equals(target);
                reached |= inTarget;
                continue;
            }
            Matcher l = LUN.matcher(line.strip());
            if (inTarget && l.find() && l.group(2).equals("DIRECT_ACCESS")) {
                luns.add(Integer.parseInt(l.group(1)));
            }
        }
        return new LunScan(reached, luns);
    }

    /** The last target {@code iscsi-ls -s} started on: the one its error is about when it failed. */
    static Optional<String> lastTarget(String listing) {
        List<String> targets = new ArrayList<>();
        Matcher m = TARGET.matcher(listing);
        while (m.find()) {
            targets.add(m.group(1));
        }
        return targets.isEmpty() ? Optional.empty() : Optional.of(targets.get(targets.size() - 1));
    }

    /** The byte count {@code iscsi-readcapacity16 -s} prints. */
    static OptionalLong lunBytes(String output) {
        String s = output.strip();
        return s.matches("\\d+") ? OptionalLong.of(Long.parseLong(s)) : OptionalLong.empty();
    }
}
