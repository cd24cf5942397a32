package dev.coffer.keys;

/**
 * The answer to encrypt, decrypt, wrapKey, unwrapKey or sign: the version that did it and the bytes out, plus
 * the nonce, tag and authenticated data of AES-GCM (or the IV of AES-CBC). Absent members are null.
 */
public record KeyOperationResult(String name, String version, byte[] value, byte[] iv, byte[] tag, byte[] aad) {
}
