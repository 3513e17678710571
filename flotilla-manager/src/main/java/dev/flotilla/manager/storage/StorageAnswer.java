package dev.flotilla.manager.storage;

import java.util.List;

/**
 * A host's answer to a storage command.
 *
 * @param problem       on failure, the kind the agent named (NO_SUCH_EXPORT, LOGIN_FAILED, UNREACHABLE, …); empty otherwise
 * @param totalBytes    the domain's size after the command, null when not told
 * @param freeBytes     the domain's free space after the command, null when not told
 * @param luns          an iSCSI probe's LUNs
 * @param virtualBytes  create and resize: the volume's size as the guest sees it, null otherwise
 * @param actualBytes   create and resize: what the volume takes on its storage, null when not told
 */
public record StorageAnswer(boolean ok, String errorCode, String message, String problem, Long totalBytes, Long freeBytes,
                            List<Lun> luns, String summary, Long virtualBytes, Long actualBytes) {

    /** One disk LUN of an iSCSI target. */
    public record Lun(int number, long sizeBytes) {
    }

    public StorageAnswer {
        luns = luns == null ? List.of() : List.copyOf(luns);
        problem = problem == null ? "" : problem;
        message = message == null ? "" : message;
        summary = summary == null ? "" : summary;
    }

    /** No answer: the host is not connected or did not answer in time. */
    public static StorageAnswer failed(String problem, String message) {
        return new StorageAnswer(false, "DRIVER_FAILURE", message, problem, null, null, List.of(), "", null, null);
    }
}
