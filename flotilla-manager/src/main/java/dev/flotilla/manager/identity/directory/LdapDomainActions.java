package dev.flotilla.manager.identity.directory;

import com.unboundid.ldap.sdk.DN;
import dev.flotilla.manager.action.Action;
import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.api.FieldError;
import dev.flotilla.manager.api.NotFoundException;
import dev.flotilla.manager.events.ObjectRef;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Add, change and remove directory domains; each is an event on System. */
@Component
public class LdapDomainActions {

    public final Save save;
    public final Delete delete;

    LdapDomainActions(LdapDomainStore store) {
        this.save = new Save(store);
        this.delete = new Delete(store);
    }

    /** {@code id} null: a new domain. */
    public record SaveInput(UUID id, LdapDomainInput change) {
    }

    static LdapDomain validate(UUID id, LdapDomainInput in, LdapDomain before) {
        List<FieldError> errors = new ArrayList<>();
        String name = pick(in.name(), before == null ? null : before.name());
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9.-]{0,62}") || name.equalsIgnoreCase("internal")) {
            errors.add(new FieldError("name", "is required: a domain name such as corp.example.com (not 'internal')"));
        }
        DirectoryProfile profile = in.profile() == null && before != null ? before.profile()
                : DirectoryProfile.parse(in.profile()).orElse(null);
        if (profile == null) {
            errors.add(new FieldError("profile", "must be one of openldap, 389ds, ipa, ad"));
        }
        List<String> servers = in.servers() == null && before != null ? before.servers() : in.servers();
        if (servers == null || servers.isEmpty() || servers.stream().anyMatch(s -> s == null || !s.trim().matches("[A-Za-z0-9.:\\[\\]-]+(:\\d{1,5})?"))) {
            errors.add(new FieldError("servers", "is required: a list of host or host:port, tried in order"));
        }
        LdapDomain.Security security = in.security() == null ? (before == null ? LdapDomain.Security.NONE : before.security())
                : LdapDomain.Security.parse(in.security()).orElse(null);
        if (security == null) {
            errors.add(new FieldError("security", "must be one of none, ldaps, starttls"));
        }
        String baseDn = pick(in.baseDn(), before == null ? null : before.baseDn());
        if (baseDn == null || baseDn.isBlank() || !DN.isValidDN(baseDn)) {
            errors.add(new FieldError("baseDn", "is required: a DN such as dc=corp,dc=example,dc=com"));
        }
        String bindDn = pick(in.bindDn(), before == null ? "" : before.bindDn());
        if (!bindDn.isBlank() && !DN.isValidDN(bindDn)) {
            errors.add(new FieldError("bindDn", "is not a DN"));
        }
        if (!errors.isEmpty()) {
            throw BadRequestException.of(errors);
        }
        return new LdapDomain(id, name, profile, servers.stream().map(String::trim).toList(), security, bindDn,
                pick(in.bindPassword(), before == null ? "" : before.bindPassword()), baseDn,
                in.trustAll() == null ? before != null && before.trustAll() : in.trustAll(),
                pick(in.caPem(), before == null ? "" : before.caPem()));
    }

    /**
     * The directory must answer and accept the bind user before the domain is saved, so a typo in
     * a server or a password shows here and not at some user's first login.
     */
    static void verify(LdapDomain d) {
        try {
            new DirectoryClient().check(d);
        } catch (DirectoryException e) {
            boolean refused = e.getCause() instanceof com.unboundid.ldap.sdk.LDAPException l
                    && l.getResultCode() == com.unboundid.ldap.sdk.ResultCode.INVALID_CREDENTIALS;
            throw refused ? BadRequestException.field("bindPassword", "the directory refused the bind user " + d.bindDn()
                    + " with this password (invalid credentials); nothing was saved")
                    : BadRequestException.field("servers", "the directory did not answer: " + e.getMessage() + "; nothing was saved");
        }
    }

    /** A domain read from a file is changed in that file (and a restart), never here. */
    static void readOnly(LdapDomainStore store, LdapDomain d) {
        store.fileOf(d).ifPresent(f -> {
            throw new ConflictException("directory domain %s is read from the file %s: change it there and restart".formatted(d.name(), f));
        });
    }

    private static String pick(String value, String otherwise) {
        return value == null ? otherwise : value.trim();
    }

    public record Save(LdapDomainStore store) implements Action<SaveInput, LdapDomain> {
        public ObjectRef target(SaveInput in) {
            return ObjectRef.system();
        }

        public LdapDomain execute(SaveInput in) {
            LdapDomain before = in.id() == null ? null : store.find(in.id()).orElseThrow(() -> new NotFoundException("domain", in.id()));
            if (before != null) {
                readOnly(store, before);
            }
            LdapDomain d = validate(in.id() == null ? UUID.randomUUID() : in.id(), in.change(), before);
            store.named(d.name()).filter(o -> !o.id().equals(d.id())).ifPresent(o -> {
                throw new ConflictException("a domain named %s already exists".formatted(d.name()));
            });
            verify(d);
            store.save(d);
            return d;
        }

        public Audit audit(SaveInput in, LdapDomain out) {
            return new Audit(ObjectRef.system(), "Directory domain %s (%s, %s) was %s".formatted(out.name(), out.profile().label(),
                    String.join(", ", out.servers()), in.id() == null ? "added" : "changed"));
        }
    }

    public record Delete(LdapDomainStore store) implements Action<UUID, LdapDomain> {
        public ObjectRef target(UUID id) {
            return ObjectRef.system();
        }

        public LdapDomain execute(UUID id) {
            LdapDomain d = store.find(id).orElseThrow(() -> new NotFoundException("domain", id));
            readOnly(store, d);
            store.delete(id);
            return d;
        }

        public Audit audit(UUID id, LdapDomain out) {
            return new Audit(ObjectRef.system(), "Directory domain %s was removed; its users can no longer sign in".formatted(out.name()));
        }
    }
}
