package dev.flotilla.agent.driver;

/** A request the hypervisor could not carry out; the message is a sentence a person can act on. */
public class DriverException extends Exception {

    public enum Code { INVALID_SPEC, NO_SUCH_VM, WRONG_STATE, DRIVER_FAILURE }

    private final Code code;

    public DriverException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public DriverException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
