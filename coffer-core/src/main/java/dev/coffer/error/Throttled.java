package dev.coffer.error;

public final class Throttled extends CofferException {

    public Throttled(String code, String message) {
        this(code, null, message);
    }

    public Throttled(String code, String innerCode, String message) {
        super(code, innerCode, message);
    }

    @Override
    public int status() {
        return 429;
    }
}
