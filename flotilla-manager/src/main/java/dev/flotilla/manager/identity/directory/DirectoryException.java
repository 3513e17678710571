package dev.flotilla.manager.identity.directory;

/** The directory could not be asked (unreachable, the bind user refused, a TLS failure): not the user's fault. */
public class DirectoryException extends RuntimeException {

    public DirectoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
