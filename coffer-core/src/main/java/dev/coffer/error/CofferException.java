package dev.coffer.error;

/**
 * The one small vocabulary of domain failures. Each carries the Azure error code (and optional inner code)
 * so that the server maps it once to Azure's error JSON; messages never contain secret values.
 * Stack traces are not captured: these are expected outcomes, not bugs.
 */
public abstract sealed class CofferException extends RuntimeException
        permits BadRequest, Unauthorized, Forbidden, NotFound, Conflict, MethodNotAllowed, Throttled, Unavailable {

    private final String code;
    private final String innerCode;

    protected CofferException(String code, String innerCode, String message) {
        super(message, null, false, false);
        this.code = code;
        this.innerCode = innerCode;
    }

    public String code() {
        return code;
    }

    /** Azure's {@code innererror.code}, or null. */
    public String innerCode() {
        return innerCode;
    }

    public abstract int status();
}
