package dev.coffer.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.error.BadRequest;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Imported key material is checked before it is stored: sizes, exponents, curves, and public/private match. */
class JwkValidationTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    static SecretBytes bytes(BigInteger v) {
        return SecretBytes.wrap(Unsigned.bytes(v));
    }

    static JwkPrivateParts parts(RSAPrivateCrtKey k) {
        return new JwkPrivateParts(bytes(k.getPrivateExponent()), bytes(k.getPrimeP()), bytes(k.getPrimeQ()),
                bytes(k.getPrimeExponentP()), bytes(k.getPrimeExponentQ()), bytes(k.getCrtCoefficient()), null);
    }

    @Test
    void rsaPartsMustAgreeWithThePublicKey() {
        KeyPair one = RsaKeys.generate(2048, RANDOM);
        KeyPair two = RsaKeys.generate(2048, RANDOM);
        RSAPublicKey pub = (RSAPublicKey) one.getPublic();
        RSAPrivateCrtKey ok = RsaKeys.privateKey(pub, parts((RSAPrivateCrtKey) one.getPrivate()));
        assertThat(ok.getModulus()).isEqualTo(pub.getModulus());
        assertThatThrownBy(() -> RsaKeys.privateKey(pub, parts((RSAPrivateCrtKey) two.getPrivate())))
                .isInstanceOf(BadRequest.class).hasMessageContaining("do not match");
        RSAPrivateCrtKey k = (RSAPrivateCrtKey) one.getPrivate();
        JwkPrivateParts badQi = new JwkPrivateParts(bytes(k.getPrivateExponent()), bytes(k.getPrimeP()),
                bytes(k.getPrimeQ()), bytes(k.getPrimeExponentP()), bytes(k.getPrimeExponentQ()),
                bytes(BigInteger.TWO), null);
        assertThatThrownBy(() -> RsaKeys.privateKey(pub, badQi)).hasMessageContaining("do not match");
        JwkPrivateParts onlyD = new JwkPrivateParts(bytes(k.getPrivateExponent()), null, null, null, null, null,
                null);
        assertThatThrownBy(() -> RsaKeys.privateKey(pub, onlyD)).hasMessageContaining("'qi'");
    }

    @Test
    void rsaSizesAndExponentsAreAzures() {
        KeyPair pair = RsaKeys.generate(3072, RANDOM);
        RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
        assertThat(RsaKeys.publicKey(RsaKeys.n(pub), RsaKeys.e(pub)).getModulus()).isEqualTo(pub.getModulus());
        assertThatThrownBy(() -> RsaKeys.publicKey(RsaKeys.n(pub), new byte[] {3})).hasMessageContaining("65537");
        assertThatThrownBy(() -> RsaKeys.publicKey(new byte[128], RsaKeys.e(pub))).hasMessageContaining("2048");
        assertThatThrownBy(() -> RsaKeys.generate(1024, RANDOM)).isInstanceOf(BadRequest.class);
    }

    @ParameterizedTest
    @EnumSource(Curve.class)
    void ecPointsMustLieOnTheCurveAndMatchD(Curve curve) {
        KeyPair pair = EcKeys.generate(curve, RANDOM);
        ECPublicKey pub = (ECPublicKey) pair.getPublic();
        ECPublicKey back = EcKeys.publicKey(curve, EcKeys.x(curve, pub), EcKeys.y(curve, pub));
        assertThat(back.getW()).isEqualTo(pub.getW());
        byte[] y = EcKeys.y(curve, pub);
        y[y.length - 1] ^= 1;
        assertThatThrownBy(() -> EcKeys.publicKey(curve, EcKeys.x(curve, pub), y)).hasMessageContaining("not a point");
        ECPrivateKey priv = EcKeys.privateKey(curve, pub, bytes(((ECPrivateKey) pair.getPrivate()).getS()));
        assertThat(EcKeys.fromPkcs8(priv.getEncoded()).getS()).isEqualTo(priv.getS());
        ECPrivateKey other = (ECPrivateKey) EcKeys.generate(curve, RANDOM).getPrivate();
        assertThatThrownBy(() -> EcKeys.privateKey(curve, pub, bytes(other.getS()))).hasMessageContaining("does not match");
        assertThatThrownBy(() -> EcKeys.publicKey(curve, new byte[curve.fieldBytes() + 2], y))
                .isInstanceOf(BadRequest.class);
    }

    @Test
    void privatePartsAreDestroyedAndNeverPrinted() {
        SecretBytes d = SecretBytes.wrap(new byte[] {1, 2, 3});
        JwkPrivateParts parts = new JwkPrivateParts(d, null, null, null, null, null, null);
        assertThat(parts.toString()).doesNotContain("1, 2, 3");
        parts.destroy();
        assertThat(d.reveal()).containsOnly(0);
    }
}
