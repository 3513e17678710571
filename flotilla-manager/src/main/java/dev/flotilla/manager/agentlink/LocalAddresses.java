package dev.flotilla.manager.agentlink;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/** This machine's IP addresses, so agents can dial the manager at any of them and still verify its certificate. */
final class LocalAddresses {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private LocalAddresses() {
    }

    static List<String> all() {
        List<String> out = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    String s = a.getHostAddress();
                    int zone = s.indexOf('%');
                    out.add(zone < 0 ? s : s.substring(0, zone));
                }
            }
        } catch (SocketException e) {
            // no interfaces listed: the fixed names still work
        }
        return out;
    }

    static boolean isIpLiteral(String s) {
        return IPV4.matcher(s).matches() || s.contains(":");
    }
}
