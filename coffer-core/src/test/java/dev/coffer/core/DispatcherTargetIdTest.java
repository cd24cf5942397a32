package dev.coffer.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.audit.Audit;
import dev.coffer.audit.AuditRecord;
import dev.coffer.audit.AuditSink;
import dev.coffer.crypto.KeyType;
import dev.coffer.crypto.SecretBytes;
import dev.coffer.keys.JsonWebKey;
import dev.coffer.keys.KeyBundle;
import dev.coffer.keys.KeyProperties;
import dev.coffer.objects.ObjectAttributes;
import dev.coffer.secrets.Secret;
import dev.coffer.secrets.SecretProperties;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The audit outcome names the version a secret or key operation produced, so events can carry the object id. */
class DispatcherTargetIdTest {

    static final String SCOPE = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/v";
    final List<AuditRecord> written = new ArrayList<>();
    // Public operations are never authorized, so no Authorizer is needed.
    final Dispatcher dispatcher = new Dispatcher(null, new Audit(new AuditSink() {
        @Override
        public synchronized long append(AuditRecord record) {
            written.add(record);
            return written.size();
        }

        @Override
        public boolean available() {
            return true;
        }

        @Override
        public void close() {
        }
    }), Clock.systemUTC());

    String targetIdOf(String scope, Object result) {
        dispatcher.run(Operation.publicOperation("Test"), null,
                new RequestInfo("r", "127.0.0.1", "POST", "/x", System.nanoTime()), Target.of(scope), () -> result);
        AuditRecord last = written.get(written.size() - 1);
        assertThat(last).isInstanceOf(AuditRecord.Outcome.class);
        return ((AuditRecord.Outcome) last).outcome().targetId();
    }

    @Test
    void keyBundlesNameTheirVersion() {
        KeyBundle key = new KeyBundle(new KeyProperties("k", "0123456789abcdef0123456789abcdef", KeyType.RSA, List.of(),
                new ObjectAttributes(true, null, null, 1, 1), Map.of(), false),
                new JsonWebKey(KeyType.RSA, List.of(), null, null, null, null, null));
        assertThat(targetIdOf(SCOPE + "/keys/k", key))
                .isEqualTo(SCOPE + "/keys/k/versions/0123456789abcdef0123456789abcdef");
    }

    @Test
    void secretsStillDoAndOtherResultsDoNot() {
        Secret secret = new Secret(new SecretProperties("s", "v1", null, new ObjectAttributes(true, null, null, 1, 1),
                Map.of(), false, null), SecretBytes.wrap(new byte[] {1}));
        assertThat(targetIdOf(SCOPE + "/secrets/s", secret)).isEqualTo(SCOPE + "/secrets/s/versions/v1");
        assertThat(targetIdOf(SCOPE + "/secrets/s", "something else")).isNull();
    }
}
