package dev.coffer.error;

public final class Conflict extends CofferException {

    public Conflict(String code, String message) {
        this(code, null, message);
    }

    public Conflict(String code, String innerCode, String message) {
        super(code, innerCode, message);
    }

    @Override
    public int status() {
        return 409;
    }
}
