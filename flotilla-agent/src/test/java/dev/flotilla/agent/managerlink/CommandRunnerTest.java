package dev.flotilla.agent.managerlink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.driver.HypervisorDriver;
import dev.flotilla.protocol.v1.Command;
import dev.flotilla.protocol.v1.CommandResult;
import dev.flotilla.protocol.v1.VmAction;
import java.lang.reflect.Proxy;
import java.util.UUID;
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
}
