package dev.coffer.error;

public final class Unauthorized extends CofferException {

    public Unauthorized(String code, String message) {
        this(code, null, message);
    }

    public Unauthorized(String code, String innerCode, String message) {
        super(code, innerCode, message);
    }

    @Override
    public int status() {
        return 401;
    }
}
