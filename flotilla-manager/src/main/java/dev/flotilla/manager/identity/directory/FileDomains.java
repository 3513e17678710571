package dev.flotilla.manager.identity.directory;

import dev.flotilla.manager.api.BadRequestException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Directory domains from files ({@code flotilla.identity.ldap-config-dir}, one {@code *.properties}
 * file per domain), read once at start: configuration management owns them, so the API and the
 * console show them ({@code source: file}) but may not change or remove them. A bad file stops the
 * start with the file and the key named, rather than a manager that silently lacks a domain.
 * The directory is not asked at start (it may be down for a while); the domain's test button does that.
 */
@Component
public class FileDomains {

    private static final Set<String> KEYS = Set.of("name", "profile", "servers", "security", "bindDn", "bindPassword", "baseDn",
            "trustAll", "caFile");

    private final Map<String, Path> files = new java.util.LinkedHashMap<>();
    private final List<LdapDomain> domains = new ArrayList<>();

    FileDomains(@Value("${flotilla.identity.ldap-config-dir:}") String dir) {
        if (dir.isBlank()) {
            return;
        }
        Path root = Path.of(dir);
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("flotilla.identity.ldap-config-dir: " + root + " is not a directory");
        }
        try (Stream<Path> list = Files.list(root)) {
            for (Path file : list.filter(p -> p.getFileName().toString().endsWith(".properties")).sorted().toList()) {
                LdapDomain d = read(file);
                if (files.containsKey(d.name().toLowerCase())) {
                    throw new IllegalStateException("directory domain file %s: key name: %s is also named by %s"
                            .formatted(file, d.name(), files.get(d.name().toLowerCase())));
                }
                files.put(d.name().toLowerCase(), file);
                domains.add(d);
            }
        } catch (IOException e) {
            throw new IllegalStateException("flotilla.identity.ldap-config-dir: cannot read " + root + ": " + e.getMessage(), e);
        }
    }

    static LdapDomain read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        for (String key : p.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                throw new IllegalStateException("directory domain file %s: key %s: unknown; the keys are %s"
                        .formatted(file, key, String.join(", ", KEYS.stream().sorted().toList())));
            }
        }
        String base = file.getFileName().toString().replaceFirst("\\.properties$", "");
        String name = p.getProperty("name", base).trim();
        String ca = "";
        if (p.getProperty("caFile") != null && !p.getProperty("caFile").isBlank()) {
            Path caFile = file.resolveSibling(p.getProperty("caFile").trim());
            if (!Files.isReadable(caFile)) {
                throw new IllegalStateException("directory domain file %s: key caFile: %s cannot be read".formatted(file, caFile));
            }
            ca = Files.readString(caFile, StandardCharsets.US_ASCII);
        }
        String servers = p.getProperty("servers");
        LdapDomainInput in = new LdapDomainInput(name, p.getProperty("profile"),
                servers == null ? null : Arrays.stream(servers.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
                p.getProperty("security"), p.getProperty("bindDn"), p.getProperty("bindPassword"), p.getProperty("baseDn"),
                p.getProperty("trustAll") == null ? null : Boolean.parseBoolean(p.getProperty("trustAll").trim()), ca);
        try {
            return LdapDomainActions.validate(UUID.nameUUIDFromBytes(("file:" + name.toLowerCase()).getBytes(StandardCharsets.UTF_8)), in, null);
        } catch (BadRequestException e) {
            throw new IllegalStateException("directory domain file %s: key %s".formatted(file, e.getMessage()), e);
        }
    }

    List<LdapDomain> all() {
        return domains;
    }

    /** The file a domain came from, when it came from one. */
    public Optional<Path> fileOf(LdapDomain d) {
        return Optional.ofNullable(files.get(d.name().toLowerCase())).filter(f -> domains.stream().anyMatch(x -> x.id().equals(d.id())));
    }
}
