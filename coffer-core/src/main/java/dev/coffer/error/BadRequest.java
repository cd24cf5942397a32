package dev.coffer.error;

public final class BadRequest extends CofferException {

    public BadRequest(String code, String message) {
        this(code, null, message);
    }

    public BadRequest(String code, String innerCode, String message) {
        super(code, innerCode, message);
    }

    @Override
    public int status() {
        return 400;
    }
}
