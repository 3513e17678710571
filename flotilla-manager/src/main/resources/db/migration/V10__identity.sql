-- Identity and permissions (issue 6): users of every domain, groups, roles made of action groups,
-- permissions (who, role, object), API tokens. Users and groups are named name@domain.

ALTER TABLE app_user ALTER COLUMN password_hash DROP NOT NULL;   -- directory users have none here
ALTER TABLE app_user ADD COLUMN domain varchar(64) NOT NULL DEFAULT 'internal';
ALTER TABLE app_user ADD COLUMN display_name varchar(255) NOT NULL DEFAULT '';
ALTER TABLE app_user ADD COLUMN email varchar(255) NOT NULL DEFAULT '';
ALTER TABLE app_user ADD COLUMN disabled boolean NOT NULL DEFAULT false;
ALTER TABLE app_user ADD COLUMN failed_logins int NOT NULL DEFAULT 0;
ALTER TABLE app_user ADD COLUMN locked_until timestamptz;
ALTER TABLE app_user ADD COLUMN last_login_at timestamptz;

CREATE TABLE app_group (
    id          uuid PRIMARY KEY,
    name        varchar(255) NOT NULL UNIQUE,          -- name@domain
    domain      varchar(64) NOT NULL,
    description varchar(1024) NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Internal groups' members are edited through the API; a directory user's rows are replaced at each login.
CREATE TABLE group_member (
    group_id uuid NOT NULL REFERENCES app_group(id) ON DELETE CASCADE,
    user_id  uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_member_user ON group_member(user_id);

CREATE TABLE role (
    id          uuid PRIMARY KEY,
    name        varchar(128) NOT NULL UNIQUE,
    description varchar(1024) NOT NULL DEFAULT '',
    admin       boolean NOT NULL DEFAULT false,       -- an admin role opens the admin console; a user role the portal
    predefined  boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE role_action_group (
    role_id      uuid NOT NULL REFERENCES role(id) ON DELETE CASCADE,
    action_group varchar(64) NOT NULL,
    PRIMARY KEY (role_id, action_group)
);

CREATE TABLE permission (
    id             uuid PRIMARY KEY,
    principal_type varchar(8) NOT NULL,               -- user, group
    principal_id   uuid NOT NULL,
    role_id        uuid NOT NULL REFERENCES role(id),
    object_type    varchar(32) NOT NULL,              -- system, datacenter, cluster, host, storage_domain, template, vm, disk
    object_id      uuid,                              -- null for system
    created_by     varchar(255) NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX permission_unique ON permission(principal_id, role_id, object_type, coalesce(object_id, '00000000-0000-0000-0000-000000000000'));
CREATE INDEX permission_principal ON permission(principal_id);
CREATE INDEX permission_object ON permission(object_id);

CREATE TABLE api_token (
    id          uuid PRIMARY KEY,
    secret_hash varchar(128) NOT NULL UNIQUE,         -- SHA-256 of the token; the token itself is shown once
    user_id     uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
    description varchar(255) NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz
);
CREATE INDEX api_token_user ON api_token(user_id);

CREATE TABLE ldap_domain (
    id            uuid PRIMARY KEY,
    name          varchar(64) NOT NULL UNIQUE,        -- the part after @ in user@domain
    profile       varchar(16) NOT NULL,               -- openldap, 389ds, ipa, ad
    servers       varchar(2048) NOT NULL,             -- host:port, comma separated, tried in order
    security      varchar(16) NOT NULL DEFAULT 'none',-- none, ldaps, starttls
    bind_dn       varchar(1024) NOT NULL DEFAULT '',
    bind_password varchar(1024) NOT NULL DEFAULT '',  -- never returned by the API
    base_dn       varchar(1024) NOT NULL,
    trust_all     boolean NOT NULL DEFAULT false,     -- for labs; else the JVM's trust store or ca_pem
    ca_pem        text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now()
);
