package dev.coffer.directory;

/** A user sign-in was refused; the reason is safe to show (it never says whether the account exists). */
public final class SignInFailed extends Exception {

    private final String aadCode;

    public SignInFailed(String aadCode, String message) {
        super(message, null, false, false);
        this.aadCode = aadCode;
    }

    public String aadCode() {
        return aadCode;
    }
}
