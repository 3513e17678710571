package dev.flotilla.agent.managerlink;

/** Enrollment cannot succeed by retrying: wrong CA pin, refused token, a certificate that does not match. */
public final class EnrollmentException extends RuntimeException {
    public EnrollmentException(String message) {
        super(message);
    }
}
