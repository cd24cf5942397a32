package dev.coffer.crypto;

/**
 * The output of an encryption: the ciphertext and, for AES-GCM, the nonce the service chose, the tag, and the
 * authenticated data echoed back; for AES-CBC, the IV echoed back. Absent members are null.
 */
public record Ciphertext(byte[] value, byte[] iv, byte[] tag, byte[] aad) {

    public static Ciphertext of(byte[] value) {
        return new Ciphertext(value, null, null, null);
    }
}
