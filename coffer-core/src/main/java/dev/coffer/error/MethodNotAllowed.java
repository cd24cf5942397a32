package dev.coffer.error;

public final class MethodNotAllowed extends CofferException {

    public MethodNotAllowed(String code, String message) {
        this(code, null, message);
    }

    public MethodNotAllowed(String code, String innerCode, String message) {
        super(code, innerCode, message);
    }

    @Override
    public int status() {
        return 405;
    }
}
