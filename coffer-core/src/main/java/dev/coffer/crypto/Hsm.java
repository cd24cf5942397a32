package dev.coffer.crypto;

import dev.coffer.error.BadRequest;
import dev.coffer.error.Unavailable;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;

/**
 * A hardware (PKCS#11) token holding HSM keys. Keys are generated or imported as sensitive, non-extractable
 * token objects named by a label Coffer chooses; Coffer keeps only the label and the public key. The
 * installation without a token uses {@link #NONE}, which refuses every HSM key with a clear message.
 */
public interface Hsm {

    /** A key the token made or took in: its label in the token and, for RSA and EC, its public key. */
    record TokenObject(String label, PublicKey publicKey) {
    }

    boolean available();

    /**
     * Whether the token answers now (a health probe: one cheap round trip, e.g. a random-number request);
     * false for {@link #NONE}.
     */
    default boolean healthy() {
        return available();
    }

    TokenObject generateRsa(int bits);

    TokenObject generateEc(Curve curve);

    TokenObject generateAes(int bits);

    TokenObject importRsa(RSAPrivateCrtKey privateKey, RSAPublicKey publicKey);

    TokenObject importEc(Curve curve, ECPrivateKey privateKey, ECPublicKey publicKey);

    TokenObject importAes(SecretBytes key);

    /** A handle for operations on the token object with this label. */
    TokenKey open(KeyType type, String label, PublicKey publicKey, Curve curve, int aesKeyBits);

    /** Destroys the token object; absent labels are ignored. */
    void destroy(String label);

    Hsm NONE = new Hsm() {
        private BadRequest none() {
            return new BadRequest("BadParameter", "This Coffer installation has no HSM: RSA-HSM, EC-HSM and oct-HSM "
                    + "keys need a PKCS#11 token (set COFFER_PKCS11_LIBRARY, COFFER_PKCS11_SLOT and "
                    + "COFFER_PKCS11_PIN_FILE).");
        }

        @Override
        public boolean available() {
            return false;
        }

        @Override
        public TokenObject generateRsa(int bits) {
            throw none();
        }

        @Override
        public TokenObject generateEc(Curve curve) {
            throw none();
        }

        @Override
        public TokenObject generateAes(int bits) {
            throw none();
        }

        @Override
        public TokenObject importRsa(RSAPrivateCrtKey privateKey, RSAPublicKey publicKey) {
            throw none();
        }

        @Override
        public TokenObject importEc(Curve curve, ECPrivateKey privateKey, ECPublicKey publicKey) {
            throw none();
        }

        @Override
        public TokenObject importAes(SecretBytes key) {
            throw none();
        }

        private Unavailable absent() {
            return new Unavailable("ServiceUnavailable", "This key lives in an HSM, and this Coffer installation "
                    + "has no HSM configured.");
        }

        @Override
        public TokenKey open(KeyType type, String label, PublicKey publicKey, Curve curve, int aesKeyBits) {
            throw absent();
        }

        @Override
        public void destroy(String label) {
            throw absent();
        }
    };
}
