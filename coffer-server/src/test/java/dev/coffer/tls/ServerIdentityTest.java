package dev.coffer.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerIdentityTest {

    @TempDir
    Path dir;

    @Test
    void loadsPemWithPkcs8Key() throws Exception {
        KeyPair keys = TestCertificates.ec();
        X509Certificate cert = TestCertificates.selfSigned(keys);
        Path certFile = TestCertificates.writePem(dir.resolve("cert.pem"), cert);
        Path keyFile = TestCertificates.writePkcs8(dir.resolve("key.pem"), keys.getPrivate());
        assertThat(Files.readString(keyFile)).startsWith("-----BEGIN PRIVATE KEY-----");

        ServerIdentity identity = ServerIdentity.fromPem(certFile, keyFile);

        assertThat(identity.certificateChain()).containsExactly(cert);
        assertThat(identity.privateKey().getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
    }

    @Test
    void loadsTraditionalRsaAndEcKeys() throws Exception {
        for (KeyPair keys : List.of(TestCertificates.rsa(), TestCertificates.ec())) {
            X509Certificate cert = TestCertificates.selfSigned(keys);
            Path certFile = TestCertificates.writePem(dir.resolve("cert.pem"), cert);
            Path keyFile = TestCertificates.writeTraditional(dir.resolve("key.pem"), keys.getPrivate());
            assertThat(Files.readString(keyFile)).startsWith("-----BEGIN " + keys.getPrivate().getAlgorithm());

            ServerIdentity identity = ServerIdentity.fromPem(certFile, keyFile);

            assertThat(identity.leafCertificate()).isEqualTo(cert);
            assertThat(ServerIdentity.keyMatches(identity.privateKey(), cert.getPublicKey())).isTrue();
        }
    }

    @Test
    void readsChainFromBundleAndPutsLeafFirst() throws Exception {
        KeyPair caKeys = TestCertificates.ec();
        X509Certificate ca = TestCertificates.certificate("CN=Test CA", caKeys, "CN=Test CA", caKeys.getPrivate(), true);
        KeyPair leafKeys = TestCertificates.rsa();
        X509Certificate leaf = TestCertificates.certificate("CN=coffer.example.test", leafKeys, "CN=Test CA",
                caKeys.getPrivate(), false);
        // Key and certificates in one file, CA before leaf: both happen in hand-assembled bundles.
        Path bundle = TestCertificates.writePem(dir.resolve("bundle.pem"), ca, leafKeys.getPrivate(), leaf);

        ServerIdentity identity = ServerIdentity.fromPem(bundle, bundle);

        assertThat(identity.certificateChain()).containsExactly(leaf, ca);
    }

    @Test
    void rejectsKeyOfAnotherCertificate() throws Exception {
        Path certFile = TestCertificates.writePem(dir.resolve("cert.pem"), TestCertificates.selfSigned(TestCertificates.ec()));
        Path keyFile = TestCertificates.writePkcs8(dir.resolve("key.pem"), TestCertificates.ec().getPrivate());

        assertThatThrownBy(() -> ServerIdentity.fromPem(certFile, keyFile))
                .isInstanceOf(TlsSetupException.class).hasMessageContaining("does not belong");
    }

    @Test
    void rejectsEncryptedAndMissingKeysWithActionableMessages() throws Exception {
        KeyPair keys = TestCertificates.ec();
        Path certFile = TestCertificates.writePem(dir.resolve("cert.pem"), TestCertificates.selfSigned(keys));
        Path encrypted = TestCertificates.writeEncryptedPkcs8(dir.resolve("enc.pem"), keys.getPrivate());

        assertThatThrownBy(() -> ServerIdentity.fromPem(certFile, encrypted))
                .isInstanceOf(TlsSetupException.class).hasMessageContaining("encrypted");
        assertThatThrownBy(() -> ServerIdentity.fromPem(certFile, certFile))
                .isInstanceOf(TlsSetupException.class).hasMessageContaining("No PEM private key");
        assertThatThrownBy(() -> ServerIdentity.fromPem(dir.resolve("absent.pem"), certFile))
                .isInstanceOf(TlsSetupException.class).hasMessageContaining("absent.pem");
    }

    @Test
    void loadsPkcs12() throws Exception {
        KeyPair caKeys = TestCertificates.ec();
        X509Certificate ca = TestCertificates.certificate("CN=Test CA", caKeys, "CN=Test CA", caKeys.getPrivate(), true);
        KeyPair leafKeys = TestCertificates.rsa();
        X509Certificate leaf = TestCertificates.certificate("CN=coffer.example.test", leafKeys, "CN=Test CA",
                caKeys.getPrivate(), false);
        char[] password = "changeit".toCharArray();
        Path p12 = TestCertificates.writePkcs12(dir.resolve("server.p12"), leafKeys.getPrivate(), password, leaf, ca);

        ServerIdentity identity = ServerIdentity.fromPkcs12(p12, password);

        assertThat(identity.certificateChain()).containsExactly(leaf, ca);
        assertThat(identity.privateKey().getEncoded()).isEqualTo(leafKeys.getPrivate().getEncoded());
        assertThatThrownBy(() -> ServerIdentity.fromPkcs12(p12, "wrong".toCharArray()))
                .isInstanceOf(TlsSetupException.class).hasMessageContaining("server.p12");
    }

    @Test
    void buildsKeyStoreForJettyAndNeverPrintsTheKey() throws Exception {
        KeyPair keys = TestCertificates.ec();
        X509Certificate cert = TestCertificates.selfSigned(keys);
        ServerIdentity identity = new ServerIdentity(keys.getPrivate(), List.of(cert));

        KeyStore store = identity.toKeyStore("pw".toCharArray());

        assertThat(store.isKeyEntry(ServerIdentity.KEY_ALIAS)).isTrue();
        assertThat(store.getCertificateChain(ServerIdentity.KEY_ALIAS)).containsExactly(cert);
        assertThat(identity.toString()).contains("coffer.example.test").doesNotContain(keys.getPrivate().toString());
        assertThatThrownBy(() -> new ServerIdentity(TestCertificates.ec().getPrivate(), List.of(cert)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
