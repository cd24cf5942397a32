package dev.coffer.error;

public final class NotFound extends CofferException {

    public NotFound(String code, String message) {
        this(code, null, message);
    }

    public NotFound(String code, String innerCode, String message) {
        super(code, innerCode, message);
    }

    @Override
    public int status() {
        return 404;
    }
}
