package dev.coffer.tls;

/**
 * Coffer cannot serve without TLS, so every failure to obtain a usable identity is fatal at startup. One
 * unchecked type lets the entry point print a single clear line (the message names the offending file)
 * instead of a stack of checked crypto/IO exceptions.
 */
public final class TlsSetupException extends RuntimeException {

    public TlsSetupException(String message) {
        super(message);
    }

    public TlsSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
