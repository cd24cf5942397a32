package dev.coffer.error;

public final class Unavailable extends CofferException {

    public Unavailable(String code, String message) {
        this(code, null, message);
    }

    public Unavailable(String code, String innerCode, String message) {
        super(code, innerCode, message);
    }

    @Override
    public int status() {
        return 503;
    }
}
