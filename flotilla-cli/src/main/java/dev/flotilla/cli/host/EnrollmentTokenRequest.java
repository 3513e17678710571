package dev.flotilla.cli.host;

/** Body of {@code POST /hosts/enrollment-tokens}. */
record EnrollmentTokenRequest(int ttlMinutes) {}
