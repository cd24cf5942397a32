package dev.coffer.barrier;

/** A ciphertext could not be opened: wrong key, wrong identity, or tampering. Says nothing more on purpose. */
public final class BarrierException extends RuntimeException {
    public BarrierException(String message) {
        super(message, null, false, false);
    }
}
