package dev.flotilla.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --key value} pairs of a benchmark's command line; a missing key takes its default. */
record Options(Map<String, String> values) {

    static Options parse(String[] args) {
        Map<String, String> v = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'; options are --key value");
            }
            int eq = a.indexOf('=');
            if (eq > 0) {
                v.put(a.substring(2, eq), a.substring(eq + 1));
            } else if (i + 1 < args.length) {
                v.put(a.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException(a + " needs a value");
            }
        }
        return new Options(v);
    }

    String string(String key, String def) {
        return values.getOrDefault(key, def);
    }

    int integer(String key, int def) {
        return Integer.parseInt(values.getOrDefault(key, Integer.toString(def)));
    }

    String required(String key) {
        String s = values.get(key);
        if (s == null) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return s;
    }
}
