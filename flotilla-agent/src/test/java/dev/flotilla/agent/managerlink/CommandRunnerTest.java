package dev.flotilla.agent.managerlink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.driver.DriverException;
import dev.flotilla.agent.driver.HypervisorDriver;
import dev.flotilla.agent.driver.MigrationResult;
import dev.flotilla.protocol.v1.Command;
import dev.flotilla.protocol.v1.CommandResult;
import dev.flotilla.protocol.v1.MigrateVm;
import dev.flotilla.protocol.v1.MigrationParameters;
import dev.flotilla.protocol.v1.VmAction;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class CommandRunnerTest {

    /** A driver whose screen is {@code png}; every other call fails the test. */
    private static HypervisorDriver screenOf(byte[] png) {
        return (HypervisorDriver) Proxy.newProxyInstance(HypervisorDriver.class.getClassLoader(), new Class<?>[] {HypervisorDriver.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "screenshot" -> png;
                    case "name" -> "test";
                    default -> throw new AssertionError("unexpected call " + method.getName());
                });
    }

    private static CommandResult screenshot(HypervisorDriver driver) {
        return new CommandRunner(driver, null, null, null, message -> { }, Runnable::run).run(Command.newBuilder().setCommandId("c-1")
                .setScreenshotVm(VmAction.newBuilder().setVmId(UUID.randomUUID().toString())).build());
    }

    @Test
    void aScreenshotIsAnsweredWithItsBytes() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};

        CommandResult result = screenshot(screenOf(png));

        assertThat(result.getOk()).isTrue();
        assertThat(result.getPayload().toByteArray()).isEqualTo(png);
        assertThat(result.getPayloadType()).isEqualTo("image/png");
    }

    @Test
    void aScreenshotOverTheLimitIsRefusedWithItsSize() {
        CommandResult result = screenshot(screenOf(new byte[CommandRunner.MAX_PAYLOAD_BYTES + 1]));

        assertThat(result.getOk()).isFalse();
        assertThat(result.getErrorCode()).isEqualTo("DRIVER_FAILURE");
        assertThat(result.getErrorMessage()).contains("8.0 MiB", "8 MiB");
        assertThat(result.getPayload().isEmpty()).isTrue();
    }

    /** A driver whose migrations complete (or fail with {@code failure}); what happens is added to {@code steps}. */
    private static HypervisorDriver migrating(List<String> steps, DriverException failure) {
        return (HypervisorDriver) Proxy.newProxyInstance(HypervisorDriver.class.getClassLoader(), new Class<?>[] {HypervisorDriver.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "migrate" -> {
                        steps.add("migrated");
                        if (failure != null) {
                            throw failure;
                        }
                        yield new MigrationResult(5, 200, 10, 1 << 20, 20, 3, 1);
                    }
                    case "endMigratedAway" -> steps.add("source copy ended");
                    case "name" -> "test";
                    default -> throw new AssertionError("unexpected call " + method.getName());
                });
    }

    private static void migrate(HypervisorDriver driver, List<String> steps) {
        new CommandRunner(driver, null, null, null, message -> { }, Runnable::run).submit(Command.newBuilder().setCommandId("m-1")
                .setMigrateVm(MigrateVm.newBuilder().setVmId(UUID.randomUUID().toString()).setTargetAddress("10.0.0.2").setTargetPort(49152)
                        .setParameters(MigrationParameters.newBuilder().setMaxDowntimeMs(20)))
                .build(), result -> steps.add(result.getOk() ? "answered ok" : "answered failed"));
    }

    @Test
    void aCompletedMigrationIsAnsweredBeforeTheSourceCopyEnds() {
        List<String> steps = new CopyOnWriteArrayList<>();

        migrate(migrating(steps, null), steps);

        assertThat(steps).containsExactly("migrated", "answered ok", "source copy ended");
    }

    @Test
    void aFailedMigrationLeavesTheSourceCopyAlone() {
        List<String> steps = new CopyOnWriteArrayList<>();

        migrate(migrating(steps, new DriverException(DriverException.Code.DRIVER_FAILURE, "it was cancelled")), steps);

        assertThat(steps).containsExactly("migrated", "answered failed");
    }
}
