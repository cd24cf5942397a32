package dev.coffer.error;

public final class Throttled extends CofferException {

    private final long retryAfterSeconds;

    public Throttled(String code, String message) {
        this(code, null, message);
    }

    public Throttled(String code, String innerCode, String message) {
        this(code, innerCode, message, 0);
    }

    /** @param retryAfterSeconds when the caller may try again (the {@code Retry-After} header), 0 if unknown */
    public Throttled(String code, String innerCode, String message, long retryAfterSeconds) {
        super(code, innerCode, message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public int status() {
        return 429;
    }
}
