package dev.coffer.identity;

/**
 * A bearer token was refused. The message says why in terms safe to return (Azure's AKV100xx style) and
 * never repeats the token.
 */
public final class TokenRejected extends Exception {
    public TokenRejected(String message) {
        super(message, null, false, false);
    }
}
