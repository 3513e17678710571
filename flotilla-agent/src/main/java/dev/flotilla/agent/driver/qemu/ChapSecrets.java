package dev.flotilla.agent.driver.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.agent.driver.DriverException;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The QEMU {@code secret} object a CHAP LUN's protocol node logs in with is named after that node,
 * so whoever removes the node knows which secret goes with it: {@code file<n>} (a disk at start or
 * hot-plugged) logs in with {@code chap<n>}, {@code t<x>} (a live move's target) with
 * {@code chapm<x>}. QEMU does not hold the object once the node is open (libiscsi keeps the login),
 * but the object would stay until the VM stops, and a later node of the same name could not add
 * its own: hence {@link #release} after a node goes and {@link #clearStale} before one comes.
 */
final class ChapSecrets {

    private ChapSecrets() {
    }

    /** The secret the protocol node {@code node} logs in with, if it is of a kind that can have one. */
    static Optional<String> of(String node) {
        if (node.startsWith("file")) {
            return Optional.of("chap" + node.substring("file".length()));
        }
        return node.startsWith("t") ? Optional.of("chapm" + node.substring(1)) : Optional.empty();
    }

    /** Deletes the secret of {@code node} once the node is gone (a node still there keeps its secret). */
    static void release(RunningVm vm, String node) throws DriverException {
        Optional<String> secret = of(node);
        if (secret.isEmpty() || nodeNames(vm).contains(node)) {
            return;
        }
        clearStale(vm, secret.get());
    }

    /** Deletes secret object {@code id} if QEMU has it: no node uses it (its node is gone or not made yet). */
    static void clearStale(RunningVm vm, String id) throws DriverException {
        if (objects(vm).contains(id)) {
            vm.command("object-del", Map.of("id", id));
        }
    }

    /** The ids of the secret objects QEMU holds now ({@code qom-list /objects}). */
    static Set<String> objects(RunningVm vm) throws DriverException {
        Set<String> ids = new HashSet<>();
        for (JsonNode o : vm.command("qom-list", Map.of("path", "/objects"))) {
            if ("child<secret>".equals(o.path("type").asText())) {
                ids.add(o.path("name").asText());
            }
        }
        return ids;
    }

    private static Set<String> nodeNames(RunningVm vm) throws DriverException {
        Set<String> names = new HashSet<>();
        for (JsonNode n : vm.command("query-named-block-nodes", Map.of("flat", true))) {
            names.add(n.path("node-name").asText());
        }
        return names;
    }
}
