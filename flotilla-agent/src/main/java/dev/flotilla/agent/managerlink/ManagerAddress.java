package dev.flotilla.agent.managerlink;

/** Where the manager's gRPC port is. */
public record ManagerAddress(String host, int port) {

    public ManagerAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("manager host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("manager port must be 1-65535, not " + port);
        }
    }

    /** "HOST:PORT", "[v6-address]:PORT", or "HOST" for the default port 9443. */
    public static ManagerAddress parse(String text) {
        String t = text.trim();
        String host = t;
        String port = "9443";
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "' opens '[' but never closes it");
            }
            host = t.substring(1, close);
            if (t.length() > close + 1) {
                if (t.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("'" + text + "' should be [ADDRESS]:PORT");
                }
                port = t.substring(close + 2);
            }
        } else if (t.indexOf(':') >= 0 && t.indexOf(':') == t.lastIndexOf(':')) {
            host = t.substring(0, t.indexOf(':'));
            port = t.substring(t.indexOf(':') + 1);
        }
        try {
            return new ManagerAddress(host, Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + port + "' in '" + text + "' is not a port number");
        }
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
