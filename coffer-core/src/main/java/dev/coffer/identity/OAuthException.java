package dev.coffer.identity;

/**
 * A refusal by the token service in OAuth2's vocabulary ({@code invalid_client}, {@code invalid_grant},
 * {@code invalid_scope}, {@code invalid_request}, {@code unsupported_grant_type}); the token endpoint speaks
 * OAuth2, not Azure's resource error shape. Descriptions never contain credentials.
 */
public final class OAuthException extends RuntimeException {

    private final String error;
    private final String aadCode;
    private final int status;

    public OAuthException(int status, String error, String aadCode, String description) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
        this.aadCode = aadCode;
    }

    public static OAuthException invalidClient(String description) {
        return new OAuthException(401, "invalid_client", "AADSTS7000215", description);
    }

    /** A client authentication failure with the AADSTS code that says which check failed. */
    public static OAuthException invalidClient(String aadCode, String description) {
        return new OAuthException(401, "invalid_client", aadCode, description);
    }

    public static OAuthException invalidRequest(String description) {
        return new OAuthException(400, "invalid_request", "AADSTS900144", description);
    }

    public static OAuthException invalidScope(String description) {
        return new OAuthException(400, "invalid_scope", "AADSTS500011", description);
    }

    public static OAuthException unsupportedGrant(String description) {
        return new OAuthException(400, "unsupported_grant_type", "AADSTS70003", description);
    }

    public static OAuthException invalidTenant(String description) {
        return new OAuthException(400, "invalid_request", "AADSTS90002", description);
    }

    public String error() {
        return error;
    }

    public String aadCode() {
        return aadCode;
    }

    public int status() {
        return status;
    }
}
