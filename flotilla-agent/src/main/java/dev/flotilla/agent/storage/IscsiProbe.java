package dev.flotilla.agent.storage;

import dev.flotilla.agent.storage.StorageException.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * Checks an iSCSI target the way QEMU will use it (libiscsi): the portal answers, offers the
 * target, accepts this host's login (CHAP when given); and lists the target's disk LUNs with their
 * sizes. Reads only.
 */
record IscsiProbe(ToolRunner runner, Duration connectTimeout, Duration toolTimeout) {

    private static final int FALLBACK_MAX_LUN = 15;

    StorageReport probe(StorageConnection.Iscsi iscsi) throws StorageException {
        String portal = "the iSCSI portal " + iscsi.portal();
        PortCheck.require(iscsi.host(), iscsi.port(), portal, "iSCSI", connectTimeout);
        Map<String, String> login = iscsi.chap().map(ChapCredentials::environment).orElse(Map.of());

        ToolRunner.Result discovery = run(iscsi, List.of("iscsi-ls", iscsi.portalUrl()), login);
        if (!discovery.ok()) {
            throw ToolErrors.classify("cannot list the targets of " + portal, redact(iscsi, discovery.message()));
        }
        List<String> targets = ProbeOutput.iscsiTargets(discovery.stdout());
        if (!targets.contains(iscsi.target())) {
            throw new StorageException(Problem.NO_SUCH_TARGET, portal + " offers no target " + iscsi.target()
                    + (targets.isEmpty() ? " (it offers none to this host)" : " (targets: " + String.join(", ", targets) + ")"));
        }

        ToolRunner.Result scan = run(iscsi, List.of("iscsi-ls", "-s", iscsi.portalUrl()), login);
        ProbeOutput.LunScan luns = ProbeOutput.iscsiLuns(scan.stdout(), iscsi.target());
        if (!scan.ok() && ProbeOutput.lastTarget(scan.stdout()).filter(iscsi.target()::equals).isPresent()
                && luns.diskLuns().isEmpty()) {
            throw loginRefused(iscsi, scan.message());
        }
        List<StorageReport.Lun> sized = new ArrayList<>();
        String how = "";
        if (luns.reached()) {
            for (int lun : luns.diskLuns()) {
                ToolRunner.Result capacity = readCapacity(iscsi, lun, login);
                OptionalLong bytes = capacity.ok() ? ProbeOutput.lunBytes(capacity.stdout()) : OptionalLong.empty();
                if (bytes.isEmpty()) {
                    throw ToolErrors.classify("cannot read the size of LUN " + lun + " of " + iscsi.target(), redact(iscsi, capacity.message()));
                }
                sized.add(new StorageReport.Lun(lun, bytes.getAsLong()));
            }
        } else {
            // iscsi-ls stopped at another target of the portal that refused this login (it gives
            // up at the first), so it never listed ours: ask each low LUN number for its size
            for (int lun = 0; lun <= FALLBACK_MAX_LUN; lun++) {
                ToolRunner.Result capacity = readCapacity(iscsi, lun, login);
                OptionalLong bytes = capacity.ok() ? ProbeOutput.lunBytes(capacity.stdout()) : OptionalLong.empty();
                if (bytes.isPresent()) {
                    sized.add(new StorageReport.Lun(lun, bytes.getAsLong()));
                } else if (ToolErrors.classify("", capacity.message()).problem() == Problem.LOGIN_FAILED) {
                    throw loginRefused(iscsi, capacity.message());
                }
            }
            how = " (LUNs 0-" + FALLBACK_MAX_LUN + " asked one by one: another target of the portal refused this login)";
        }
        long total = sized.stream().mapToLong(StorageReport.Lun::sizeBytes).sum();
        String summary = iscsi.describe() + ": " + (sized.isEmpty() ? "no disk LUNs"
                : sized.size() + " disk LUN" + (sized.size() == 1 ? "" : "s") + ", " + Sizes.human(total) + " in all") + how;
        return new StorageReport(iscsi, OptionalLong.of(total), OptionalLong.empty(), sized, summary);
    }

    private ToolRunner.Result readCapacity(StorageConnection.Iscsi iscsi, int lun, Map<String, String> login) throws StorageException {
        return run(iscsi, List.of("iscsi-readcapacity16", "-s", iscsi.portalUrl() + "/" + iscsi.target() + "/" + lun), login);
    }

    private ToolRunner.Result run(StorageConnection.Iscsi iscsi, List<String> command, Map<String, String> login) throws StorageException {
        try {
            return runner.run(command, login, toolTimeout);
        } catch (StorageException e) {
            throw new StorageException(e.problem(), iscsi.describe() + ": " + e.getMessage(), e);
        }
    }

    private static StorageException loginRefused(StorageConnection.Iscsi iscsi, String output) {
        // iscsi-ls prints its listing and its error on one stream; quote only the error
        String words = redact(iscsi, output.lines().filter(l -> !l.startsWith("Target:") && !l.startsWith("Lun:"))
                .collect(Collectors.joining("\n")));
        StorageException e = ToolErrors.classify("cannot log in to " + iscsi.target() + " at " + iscsi.portal(), words);
        if (e.problem() != Problem.LOGIN_FAILED) {
            return e;
        }
        String why = iscsi.chap()
                .map(c -> "refused the CHAP login of user " + c.user() + ": check the user and the secret")
                .orElse("refused the login: it requires CHAP, give the CHAP user and secret");
        return new StorageException(Problem.LOGIN_FAILED, "the iSCSI target " + iscsi.target() + " at " + iscsi.portal()
                + " " + why + " (" + ToolErrors.quote(words) + ")");
    }

    private static String redact(StorageConnection.Iscsi iscsi, String text) {
        return iscsi.chap().map(c -> c.redact(text)).orElse(text);
    }
}
