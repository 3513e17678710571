package dev.flotilla.cli.vm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.cli.FlotillaCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flotilla vm console VM}: a VNC server on this machine for any VNC viewer, which is the
 * VM's screen reached through the manager (a fresh console ticket per viewer connection, then the
 * manager's websocket). {@code --print-url} prints the console page for a browser instead.
 */
@Command(name = "console", description = {
        "Open a VM's console: serve it as a local VNC server for a VNC viewer (default),",
        "or print the URL of its console page in the web console (--print-url)."})
final class VmConsole implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "VM", description = "id or name")
    String vm;

    @Option(names = "--print-url", description = "Print the URL of the console page in the web console, and exit.")
    boolean url;

    @Option(names = "--listen", paramLabel = "[HOST:]PORT", defaultValue = "127.0.0.1:5900",
            description = "Where the local VNC server listens (default: ${DEFAULT-VALUE}; port 0 picks a free one).")
    String listen;

    @Option(names = "--once", description = "Exit when the first viewer disconnects.")
    boolean once;

    @Override
    public Integer call() throws IOException {
        FlotillaCli cli = FlotillaCli.of(spec);
        String id = cli.resolve(VmCommand.VMS, "VM", vm);
        PrintWriter out = spec.commandLine().getOut();
        if (url) {
            out.println(cli.api().baseUrl() + "/vms/" + id + "/console");
            out.flush();
            return 0;
        }
        InetSocketAddress address = parseListen(listen);
        // Asked once up front, so a VM without a screen fails now rather than at the first viewer.
        JsonNode first = ticket(cli, id);
        try (ServerSocket server = new ServerSocket()) {
            server.bind(address);
            out.printf("VNC server for VM %s on %s:%d (for example: vncviewer %s::%d); Ctrl-C stops it%n", vm,
                    address.getHostString(), server.getLocalPort(), address.getHostString(), server.getLocalPort());
            out.flush();
            do {
                try (Socket viewer = server.accept()) {
                    JsonNode access = first != null ? first : ticket(cli, id);
                    first = null;
                    String ended = ConsoleRelay.run(viewer, cli.api().baseUrl(), access.path("websocketPath").asText());
                    out.println("viewer " + viewer.getRemoteSocketAddress() + " left: " + ended);
                    out.flush();
                }
            } while (!once);
        }
        return 0;
    }

    private static JsonNode ticket(FlotillaCli cli, String id) {
        return cli.api().post(VmCommand.VMS + "/" + id + "/console", null);
    }

    private InetSocketAddress parseListen(String value) {
        int colon = value.lastIndexOf(':');
        String host = colon < 0 ? "127.0.0.1" : value.substring(0, colon);
        String port = colon < 0 ? value : value.substring(colon + 1);
        try {
            int p = Integer.parseInt(port);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(InetAddress.getByName(host.isEmpty() ? "127.0.0.1" : host), p);
        } catch (NumberFormatException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--listen: '" + value + "' is not [HOST:]PORT with a port from 0 to 65535");
        } catch (IOException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--listen: unknown host '" + host + "'");
        }
    }
}
