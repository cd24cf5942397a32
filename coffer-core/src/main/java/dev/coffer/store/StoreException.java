package dev.coffer.store;

/** The store could not do what was asked (I/O, corruption, constraint). Never carries row contents. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
