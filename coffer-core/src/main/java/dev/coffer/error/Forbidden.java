package dev.coffer.error;

public final class Forbidden extends CofferException {

    public Forbidden(String code, String message) {
        this(code, null, message);
    }

    public Forbidden(String code, String innerCode, String message) {
        super(code, innerCode, message);
    }

    @Override
    public int status() {
        return 403;
    }
}
