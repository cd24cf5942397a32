package dev.coffer.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.util.List;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TlsPolicyTest {

    private static ServerIdentity identity;

    @BeforeAll
    static void identity() throws Exception {
        KeyPair keys = TestCertificates.ec();
        identity = new ServerIdentity(keys.getPrivate(), List.of(TestCertificates.selfSigned(keys)));
    }

    @Test
    void minimumTls12EnablesOnly13And12WithForwardSecretAeadSuites() throws Exception {
        SslContextFactory.Server factory = TlsPolicy.serverContext(identity, "TLSv1.2");
        factory.start();
        try {
            assertThat(factory.getSelectedProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
            assertThat(factory.getExcludeProtocols()).contains("SSLv3", "TLSv1", "TLSv1.1");
            assertThat(factory.getSelectedCipherSuites()).isNotEmpty()
                    .allSatisfy(suite -> assertThat(TlsPolicy.CIPHER_SUITES).contains(suite))
                    .allSatisfy(suite -> assertThat(suite).doesNotContain("CBC").doesNotStartWith("TLS_RSA_")
                            .doesNotEndWith("_SHA").matches("TLS_(AES|CHACHA20)_.*|TLS_ECDHE_.*_(GCM_SHA256|GCM_SHA384|POLY1305_SHA256)"))
                    .contains("TLS_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
            assertThat(factory.isSniRequired()).isFalse();
            // Renegotiation reaches JSSE only to be refused there with an alert (TlsEndToEndTest checks the wire).
            assertThat(System.getProperty("jdk.tls.rejectClientInitiatedRenegotiation")).isEqualTo("true");
        } finally {
            factory.stop();
        }
    }

    @Test
    void minimumTls13ExcludesTls12() throws Exception {
        SslContextFactory.Server factory = TlsPolicy.serverContext(identity, "TLSv1.3");
        factory.start();
        try {
            assertThat(factory.getSelectedProtocols()).containsExactly("TLSv1.3");
            assertThat(factory.getExcludeProtocols()).contains("TLSv1.2", "TLSv1.1");
        } finally {
            factory.stop();
        }
    }

    @Test
    void rejectsOtherMinimums() {
        for (String bad : new String[] {"TLSv1.1", "TLSv1", "SSLv3", "1.2", "tlsv1.2", "", null}) {
            assertThatThrownBy(() -> TlsPolicy.serverContext(identity, bad))
                    .as(String.valueOf(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
