package dev.flotilla.agent.driver.qemu;

import dev.flotilla.agent.driver.DriverException;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** The target side of a live migration: a QEMU started to receive the VM. */
final class IncomingMigration {

    private static final System.Logger LOG = System.getLogger(IncomingMigration.class.getName());

    private IncomingMigration() {
    }

    /**
     * Starts QEMU (with {@code -incoming defer} in {@code argv}) and has it listen at {@code uri}
     * for the VM's migration. It stays STARTING until the migration completes and QEMU runs it.
     */
    static void listen(RunningVm vm, List<String> argv, String uri, boolean postCopy) throws DriverException {
        long begun = System.nanoTime();
        QmpClient client = vm.launch(argv, "waiting for an incoming migration", false);
        long attached = System.nanoTime();
        try {
            if (postCopy) {
                // Both ends must allow post-copy before the migration begins.
                client.execute("migrate-set-capabilities", Map.of("capabilities",
                        List.of(Map.of("capability", "postcopy-ram", "state", true))), RunningVm.QMP_TIMEOUT);
            }
            client.execute("migrate-incoming", Map.of("uri", uri), RunningVm.QMP_TIMEOUT);
            // one line per incoming migration: where the target's part of a migration's start-up went
            LOG.log(System.Logger.Level.INFO, "VM %s waits for its migration at %s: QEMU launched and QMP attached in %d ms, listening %d ms later"
                    .formatted(vm.definition().name(), uri, (attached - begun) / 1_000_000, (System.nanoTime() - attached) / 1_000_000));
        } catch (IOException e) {
            vm.powerOffQuietly();
            throw new DriverException(DriverException.Code.DRIVER_FAILURE, "QEMU for " + vm.definition().name()
                    + " would not listen for the migration at " + uri + ": " + e.getMessage(), e);
        }
    }
}
