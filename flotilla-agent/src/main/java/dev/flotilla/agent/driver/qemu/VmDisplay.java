package dev.flotilla.agent.driver.qemu;

import dev.flotilla.agent.driver.DriverException;
import dev.flotilla.agent.driver.Png;
import dev.flotilla.agent.driver.RunState;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;

/** A running VM's display: screenshots through QMP, and connections to its VNC socket for consoles. */
final class VmDisplay {

    private static final System.Logger LOG = System.getLogger(VmDisplay.class.getName());

    private VmDisplay() {
    }

    /**
     * QMP screendump writes into a file QEMU opens itself, so the PNG goes through the VM's own
     * directory (QEMU may write there) under a name of its own (screenshots may overlap) and is
     * deleted once read. PNG needs QEMU 7.1+ built with libpng (Debian's is).
     */
    static byte[] screenshot(RunningVm vm) throws DriverException {
        vm.requireState("take a screenshot of", EnumSet.of(RunState.RUNNING, RunState.PAUSED, RunState.SHUTTING_DOWN));
        Path file = vm.files().newScreendump();
        try {
            vm.command("screendump", Map.of("filename", file.toString(), "format", "png"));
            byte[] png = Files.readAllBytes(file);
            if (!Png.isPng(png)) {
                throw new DriverException(DriverException.Code.DRIVER_FAILURE,
                        "QEMU wrote no PNG for the screenshot of " + vm.definition().name() + " (" + png.length + " bytes)");
            }
            return png;
        } catch (IOException e) {
            throw new DriverException(DriverException.Code.DRIVER_FAILURE,
                    "cannot read the screenshot of " + vm.definition().name() + " from " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot delete " + file + ": " + e.getMessage());
            }
        }
    }

    /** A fresh connection to QEMU's VNC server; a paused VM still shows its last frame. */
    static SocketChannel openConsole(RunningVm vm) throws DriverException {
        vm.requireState("open the console of", EnumSet.of(RunState.RUNNING, RunState.PAUSED, RunState.SHUTTING_DOWN));
        Path socket = vm.files().vncSocket();
        if (!Files.exists(socket)) {
            throw new DriverException(DriverException.Code.WRONG_STATE, "VM " + vm.definition().name()
                    + " has no VNC socket at " + socket + " (it was started by an older agent); restart the VM to get a console");
        }
        try {
            return SocketChannel.open(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            throw new DriverException(DriverException.Code.DRIVER_FAILURE,
                    "cannot connect to the VNC server of " + vm.definition().name() + " at " + socket + ": " + e.getMessage(), e);
        }
    }
}
