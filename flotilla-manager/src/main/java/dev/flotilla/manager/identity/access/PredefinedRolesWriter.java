package dev.flotilla.manager.identity.access;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Writes the predefined roles at start, before the admin account is given SuperUser. */
@Component
@Order(-20)
class PredefinedRolesWriter implements ApplicationRunner {

    private final RoleStore roles;

    PredefinedRolesWriter(RoleStore roles) {
        this.roles = roles;
    }

    @Override
    public void run(ApplicationArguments args) {
        roles.writePredefined();
    }
}
