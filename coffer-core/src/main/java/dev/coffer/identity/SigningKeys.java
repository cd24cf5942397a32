package dev.coffer.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.coffer.barrier.Barrier;
import dev.coffer.barrier.ObjectIdentity;
import dev.coffer.crypto.SecretBytes;
import dev.coffer.store.SigningKeyRow;
import dev.coffer.store.Store;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The token-signing keys of the installation (one key set for every tenant, as Microsoft's identity
 * platform publishes one). Private parts are sealed by the barrier; the public set is served as JWKS.
 */
public final class SigningKeys {

    static final String KEY_SET = "common";
    private static final Duration SIGNING_LIFETIME = Duration.ofDays(30);
    private static final Duration PUBLISHED_AFTER_RETIREMENT = Duration.ofDays(2);

    private final Store store;
    private final Barrier barrier;
    private final Clock clock;
    private volatile Snapshot snapshot;

    private record Snapshot(RSAKey active, JWKSet publicSet) {
    }

    public SigningKeys(Store store, Barrier barrier, Clock clock) {
        this.store = store;
        this.barrier = barrier;
        this.clock = clock;
        reload();
        if (snapshot.active() == null) {
            rotate();
        }
    }

    /** Adds a fresh signing key; the previous one keeps validating tokens until it leaves the JWKS. */
    public synchronized void rotate() {
        try {
            RSAKey key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyID(UUID.randomUUID().toString().replace("-", "")).generate();
            long now = clock.instant().getEpochSecond();
            byte[] sealed = barrier.seal(SecretBytes.ofUtf8(key.toJSONString()), identity(key.getKeyID()));
            SigningKeyRow row = new SigningKeyRow(KEY_SET, key.getKeyID(), key.toPublicJWK().toJSONString(), sealed,
                    now, now + SIGNING_LIFETIME.toSeconds(),
                    now + SIGNING_LIFETIME.plus(PUBLISHED_AFTER_RETIREMENT).toSeconds());
            store.write(tx -> {
                tx.putSigningKey(row);
                return null;
            });
            reload();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a signing key", e);
        }
    }

    /** Rotates when the active key has reached retirement; called by a scheduled job. */
    public void rotateIfDue() {
        RSAKey active = snapshot.active();
        if (active == null) {
            rotate();
        }
    }

    public RSAKey activeKey() {
        return snapshot.active();
    }

    public JWKSet publicKeys() {
        return snapshot.publicSet();
    }

    private synchronized void reload() {
        long now = clock.instant().getEpochSecond();
        List<SigningKeyRow> rows = store.read(tx -> tx.signingKeys(KEY_SET)).stream()
                .filter(r -> r.removeAt() > now)
                .sorted(Comparator.comparingLong(SigningKeyRow::createdAt).reversed())
                .toList();
        try {
            RSAKey active = null;
            for (SigningKeyRow row : rows) {
                if (row.retireAt() > now) {
                    SecretBytes json = barrier.open(row.sealedPrivateJwk(), identity(row.keyId()));
                    active = RSAKey.parse(json.revealUtf8());
                    json.destroy();
                    break;
                }
            }
            List<com.nimbusds.jose.jwk.JWK> published = new java.util.ArrayList<>();
            for (SigningKeyRow row : rows) {
                published.add(RSAKey.parse(row.publicJwk()));
            }
            snapshot = new Snapshot(active, new JWKSet(published));
        } catch (ParseException e) {
            throw new IllegalStateException("a stored signing key is malformed", e);
        }
    }

    private static ObjectIdentity identity(String keyId) {
        return new ObjectIdentity("", "", "signing-key", KEY_SET, keyId);
    }
}
