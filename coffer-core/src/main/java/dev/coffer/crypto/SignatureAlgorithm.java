package dev.coffer.crypto;

import dev.coffer.error.BadRequest;
import dev.coffer.objects.Names;
import java.util.HexFormat;

/**
 * Azure's signature algorithms. Sign and verify take a pre-computed digest, so each algorithm carries the
 * digest length it insists on, the curve it belongs to (ECDSA), and the DER DigestInfo prefix (PKCS#1 v1.5).
 */
public enum SignatureAlgorithm {
    RS256("RS256", Scheme.RSA_PKCS1, "SHA-256", 32, null, "3031300d060960864801650304020105000420"),
    RS384("RS384", Scheme.RSA_PKCS1, "SHA-384", 48, null, "3041300d060960864801650304020205000430"),
    RS512("RS512", Scheme.RSA_PKCS1, "SHA-512", 64, null, "3051300d060960864801650304020305000440"),
    PS256("PS256", Scheme.RSA_PSS, "SHA-256", 32, null, null),
    PS384("PS384", Scheme.RSA_PSS, "SHA-384", 48, null, null),
    PS512("PS512", Scheme.RSA_PSS, "SHA-512", 64, null, null),
    ES256("ES256", Scheme.ECDSA, "SHA-256", 32, Curve.P_256, null),
    ES384("ES384", Scheme.ECDSA, "SHA-384", 48, Curve.P_384, null),
    ES512("ES512", Scheme.ECDSA, "SHA-512", 64, Curve.P_521, null),
    ES256K("ES256K", Scheme.ECDSA, "SHA-256", 32, Curve.P_256K, null);

    public enum Scheme { RSA_PKCS1, RSA_PSS, ECDSA }

    private final String wireName;
    private final Scheme scheme;
    private final String hashName;
    private final int digestLength;
    private final Curve curve;
    private final byte[] digestInfoPrefix;

    SignatureAlgorithm(String wireName, Scheme scheme, String hashName, int digestLength, Curve curve,
                       String digestInfoPrefixHex) {
        this.wireName = wireName;
        this.scheme = scheme;
        this.hashName = hashName;
        this.digestLength = digestLength;
        this.curve = curve;
        this.digestInfoPrefix = digestInfoPrefixHex == null ? null : HexFormat.of().parseHex(digestInfoPrefixHex);
    }

    public String wireName() {
        return wireName;
    }

    public Scheme scheme() {
        return scheme;
    }

    /** The JCA name of the hash the caller applied to the message. */
    public String hashName() {
        return hashName;
    }

    public int digestLength() {
        return digestLength;
    }

    /** The only curve an ECDSA algorithm fits; null for RSA algorithms. */
    public Curve curve() {
        return curve;
    }

    /** DigestInfo ‖ digest, the input of the raw PKCS#1 v1.5 signature primitive. */
    public byte[] digestInfo(byte[] digest) {
        byte[] out = new byte[digestInfoPrefix.length + digest.length];
        System.arraycopy(digestInfoPrefix, 0, out, 0, digestInfoPrefix.length);
        System.arraycopy(digest, 0, out, digestInfoPrefix.length, digest.length);
        return out;
    }

    public KeyType.Family family() {
        return scheme == Scheme.ECDSA ? KeyType.Family.EC : KeyType.Family.RSA;
    }

    public static SignatureAlgorithm of(String name) {
        if (name != null) {
            for (SignatureAlgorithm a : values()) {
                if (a.wireName.equals(name)) {
                    return a;
                }
            }
        }
        throw new BadRequest("BadParameter", "The signature algorithm '" + Names.sanitize(name)
                + "' is not supported. Use RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512 or ES256K.");
    }
}
