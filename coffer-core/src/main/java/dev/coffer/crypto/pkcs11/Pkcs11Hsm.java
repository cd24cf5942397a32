package dev.coffer.crypto.pkcs11;

import dev.coffer.crypto.Curve;
import dev.coffer.crypto.EcKeys;
import dev.coffer.crypto.Hsm;
import dev.coffer.crypto.KeyType;
import dev.coffer.crypto.RsaKeys;
import dev.coffer.crypto.SecretBytes;
import dev.coffer.crypto.TokenKey;
import dev.coffer.error.Unavailable;
import java.nio.file.Files;
import java.security.AuthProvider;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.login.LoginException;

/**
 * HSM keys in a PKCS#11 token through the JDK's SunPKCS11 provider, configured here from {@link Pkcs11Settings}
 * (SoftHSM2 in tests and CI; any PKCS#11 library in production). The provider's attribute templates make every
 * key Coffer generates or imports a token object that is sensitive and non-extractable, so its secret part
 * never leaves the token. Keys are found again by label through the token's key store; a private key needs a
 * certificate there to be listed, so each gets a self-signed placeholder certificate made for that purpose.
 */
public final class Pkcs11Hsm implements Hsm, AutoCloseable {

    private static final String KEEP_INSIDE = """
             = {
              CKA_TOKEN = true
              CKA_SENSITIVE = true
              CKA_EXTRACTABLE = false
            }
            """;

    private final Provider provider;
    private final KeyStore keyStore;
    private final SecureRandom random;

    private Pkcs11Hsm(Provider provider, KeyStore keyStore, SecureRandom random) {
        this.provider = provider;
        this.keyStore = keyStore;
        this.random = random;
    }

    /** The configured token, or {@link Hsm#NONE} when none is configured. */
    public static Hsm fromEnvironment(SecureRandom random) {
        return Pkcs11Settings.fromEnvironment().<Hsm>map(s -> open(s, random)).orElse(Hsm.NONE);
    }

    /** Opens and logs in to the token; fails (and the server with it) if that is not possible. */
    public static Pkcs11Hsm open(Pkcs11Settings settings, SecureRandom random) {
        if (!Files.isRegularFile(settings.library())) {
            throw new IllegalStateException("the PKCS#11 library " + settings.library() + " does not exist");
        }
        StringBuilder config = new StringBuilder("--name=Coffer\nlibrary=").append(settings.library()).append('\n');
        if (settings.slot() != null) {
            config.append("slot=").append(settings.slot()).append('\n');
        } else {
            config.append("slotListIndex=").append(settings.slotIndex() == null ? 0 : settings.slotIndex()).append('\n');
        }
        for (String operation : new String[] {"generate", "import"}) {
            for (String objectClass : new String[] {"CKO_PRIVATE_KEY", "CKO_SECRET_KEY"}) {
                config.append("attributes(").append(operation).append(", ").append(objectClass).append(", *)")
                        .append(KEEP_INSIDE);
            }
        }
        char[] pin = settings.readPin();
        try {
            Provider provider = Security.getProvider("SunPKCS11").configure(config.toString());
            KeyStore keyStore = KeyStore.getInstance("PKCS11", provider);
            keyStore.load(null, pin);
            return new Pkcs11Hsm(provider, keyStore, random);
        } catch (GeneralSecurityException | java.io.IOException | java.security.ProviderException e) {
            throw new IllegalStateException("cannot open the PKCS#11 token (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")", e);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public boolean healthy() {
        try {
            // C_GenerateRandom: a round trip through the library to the token, without touching any key.
            java.security.SecureRandom.getInstance("PKCS11", provider).nextBytes(new byte[1]);
            return true;
        } catch (GeneralSecurityException | java.security.ProviderException e) {
            return false;
        }
    }

    @Override
    public TokenObject generateRsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", provider);
            g.initialize(new RSAKeyGenParameterSpec(bits, RsaKeys.EXPONENT), random);
            KeyPair pair = g.generateKeyPair();
            RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
            PublicKey copy = RsaKeys.publicKey(RsaKeys.n(pub), RsaKeys.e(pub));
            return new TokenObject(storePrivate(pair.getPrivate(), copy, provider), copy);
        } catch (GeneralSecurityException e) {
            throw failed("RSA key generation", e);
        }
    }

    @Override
    public TokenObject generateEc(Curve curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", provider);
            g.initialize(new ECGenParameterSpec(curve.jcaName()), random);
            KeyPair pair = g.generateKeyPair();
            ECPublicKey pub = (ECPublicKey) pair.getPublic();
            PublicKey copy = EcKeys.publicKey(curve, EcKeys.x(curve, pub), EcKeys.y(curve, pub));
            return new TokenObject(storePrivate(pair.getPrivate(), copy, provider), copy);
        } catch (GeneralSecurityException e) {
            throw failed("EC key generation on " + curve.wireName(), e);
        }
    }

    @Override
    public TokenObject generateAes(int bits) {
        try {
            KeyGenerator g = KeyGenerator.getInstance("AES", provider);
            g.init(bits, random);
            SecretKey key = g.generateKey();
            String label = newLabel();
            keyStore.setKeyEntry(label, key, null, null);
            return new TokenObject(label, null);
        } catch (GeneralSecurityException e) {
            throw failed("AES key generation", e);
        }
    }

    @Override
    public TokenObject importRsa(RSAPrivateCrtKey privateKey, RSAPublicKey publicKey) {
        return new TokenObject(storePrivate(privateKey, publicKey, null), publicKey);
    }

    @Override
    public TokenObject importEc(Curve curve, ECPrivateKey privateKey, ECPublicKey publicKey) {
        return new TokenObject(storePrivate(privateKey, publicKey, null), publicKey);
    }

    @Override
    public TokenObject importAes(SecretBytes key) {
        byte[] bytes = key.reveal();
        try {
            String label = newLabel();
            keyStore.setKeyEntry(label, new SecretKeySpec(bytes, "AES"), null, null);
            return new TokenObject(label, null);
        } catch (GeneralSecurityException e) {
            throw failed("AES key import", e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    @Override
    public TokenKey open(KeyType type, String label, PublicKey publicKey, Curve curve, int aesKeyBits) {
        try {
            Key key = keyStore.getKey(label, null);
            if (key == null) {
                throw new Unavailable("ServiceUnavailable", "This key's HSM object is missing from the configured "
                        + "token.");
            }
            return new TokenKey(type, publicKey, key, provider, curve, aesKeyBits);
        } catch (GeneralSecurityException e) {
            throw failed("opening a key", e);
        }
    }

    @Override
    public void destroy(String label) {
        try {
            if (keyStore.containsAlias(label)) {
                keyStore.deleteEntry(label);
            }
        } catch (GeneralSecurityException e) {
            throw failed("destroying a key", e);
        }
    }

    /**
     * Stores a private key under a new label with a placeholder certificate. A key generated in the token is
     * already a token object and only gets its label; an imported software key becomes one under the import
     * template. {@code signer} is the provider that can sign with the key (the token's, or null for software).
     */
    private String storePrivate(PrivateKey key, PublicKey publicKey, Provider signer) {
        String label = newLabel();
        try {
            Certificate placeholder = PlaceholderCertificate.make(label, key, publicKey, signer, random);
            keyStore.setKeyEntry(label, key, null, new Certificate[] {placeholder});
            return label;
        } catch (GeneralSecurityException e) {
            throw failed("storing a key", e);
        }
    }

    private String newLabel() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return "coffer-" + HexFormat.of().formatHex(id);
    }

    private static IllegalStateException failed(String what, Exception e) {
        return new IllegalStateException("PKCS#11 " + what + " failed: " + e.getClass().getSimpleName());
    }

    @Override
    public void close() {
        if (provider instanceof AuthProvider auth) {
            try {
                auth.logout();
            } catch (LoginException e) {
                // the session ends with the process anyway
            }
        }
    }
}
