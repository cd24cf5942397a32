package dev.coffer.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * The token-signing keys of the installation (one key set for every tenant, as Microsoft's identity
 * platform publishes one). Private parts are sealed by the barrier; the public set is served as JWKS.
 *
 * <p>Life of a key: it is published ahead of use (the next key appears in the JWKS a while before it starts
 * signing, so relying parties that cache the JWKS already know it), signs from {@code createdAt} (its
 * activation time) until {@code retireAt}, and stays published until {@code removeAt}, long enough for the
 * last token it signed to expire. {@link #maintain()} (a scheduled job) does this. {@link #remove} takes a key
 * out at once (a compromised key): every listener is told, so cached validations of its tokens go too.
 */
public final class SigningKeys {

    static final String KEY_SET = "common";
    public static final Duration DEFAULT_SIGNING_LIFETIME = Duration.ofDays(30);
    /** Tokens live an hour; a retired key stays published for that plus clock skew and margin. */
    private static final Duration PUBLISHED_AFTER_RETIREMENT = TokenIssuer.ACCESS_TOKEN_LIFETIME.plusMinutes(15);

    /** What {@link #maintain} and {@link #list} report of a key; never its private part. */
    public record KeyInfo(String keyId, long activatesAt, long retireAt, long removeAt, boolean signing) {
    }

    private final Store store;
    private final Barrier barrier;
    private final Clock clock;
    private final Duration signingLifetime;
    private final Duration prepublish;
    private final List<Runnable> removalListeners = new CopyOnWriteArrayList<>();
    private volatile Snapshot snapshot;

    private record Snapshot(RSAKey active, JWKSet publicSet, Set<String> publishedIds) {
    }

    public SigningKeys(Store store, Barrier barrier, Clock clock) {
        this(store, barrier, clock, DEFAULT_SIGNING_LIFETIME);
    }

    /** @param signingLifetime how long each key signs; the next one is published a tenth of that earlier */
    public SigningKeys(Store store, Barrier barrier, Clock clock, Duration signingLifetime) {
        this.store = store;
        this.barrier = barrier;
        this.clock = clock;
        this.signingLifetime = signingLifetime;
        this.prepublish = signingLifetime.dividedBy(10);
        reload();
        if (snapshot.active() == null) {
            rotate();
        }
    }

    /** Called when a key left the JWKS, so caches of what it signed can be dropped. */
    public void onRemoval(Runnable listener) {
        removalListeners.add(listener);
    }

    /** A fresh key that signs from now; the previous one stops signing but validates until it leaves. */
    public synchronized void rotate() {
        long now = now();
        for (SigningKeyRow row : rows()) {
            if (row.retireAt() > now && row.createdAt() <= now) {
                put(new SigningKeyRow(row.tenantId(), row.keyId(), row.publicJwk(), row.sealedPrivateJwk(),
                        row.createdAt(), now, Math.min(row.removeAt(), now + PUBLISHED_AFTER_RETIREMENT.toSeconds())));
            } else if (row.createdAt() > now) {
                // A key published ahead would now start after the fresh one; it is not needed any more.
                put(new SigningKeyRow(row.tenantId(), row.keyId(), row.publicJwk(), row.sealedPrivateJwk(),
                        row.createdAt(), now, now + PUBLISHED_AFTER_RETIREMENT.toSeconds()));
            }
        }
        generate(now);
        reload();
    }

    /**
     * The scheduled job: publishes the next key when the active one nears retirement, switches at the
     * planned time and drops keys whose tokens have all expired (telling the listeners).
     */
    public synchronized void maintain() {
        long now = now();
        List<SigningKeyRow> rows = rows();
        SigningKeyRow newest = rows.stream().max(Comparator.comparingLong(SigningKeyRow::createdAt)).orElse(null);
        if (newest == null || newest.retireAt() <= now) {
            generate(now);
        } else if (newest.createdAt() <= now && newest.retireAt() - now <= prepublish.toSeconds()) {
            generate(newest.retireAt());
        }
        reload();
    }

    /** Kept for callers of the first version: the same as {@link #maintain()}. */
    public void rotateIfDue() {
        maintain();
    }

    /** Takes a key out of the JWKS at once; tokens it signed fail on their next use. */
    public synchronized boolean remove(String keyId) {
        long now = now();
        SigningKeyRow row = rows().stream().filter(r -> r.keyId().equals(keyId) && r.removeAt() > now).findFirst()
                .orElse(null);
        if (row == null) {
            return false;
        }
        put(new SigningKeyRow(row.tenantId(), row.keyId(), row.publicJwk(), row.sealedPrivateJwk(), row.createdAt(),
                Math.min(row.retireAt(), now), now));
        reload();
        if (snapshot.active() == null) {
            generate(now);
            reload();
        }
        return true;
    }

    public List<KeyInfo> list() {
        long now = now();
        String active = snapshot.active() == null ? null : snapshot.active().getKeyID();
        return rows().stream().filter(r -> r.removeAt() > now)
                .sorted(Comparator.comparingLong(SigningKeyRow::createdAt))
                .map(r -> new KeyInfo(r.keyId(), r.createdAt(), r.retireAt(), r.removeAt(), r.keyId().equals(active)))
                .toList();
    }

    public RSAKey activeKey() {
        return snapshot.active();
    }

    public JWKSet publicKeys() {
        return snapshot.publicSet();
    }

    private void generate(long activatesAt) {
        try {
            RSAKey key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyID(UUID.randomUUID().toString().replace("-", "")).generate();
            byte[] sealed = barrier.seal(SecretBytes.ofUtf8(key.toJSONString()), identity(key.getKeyID()));
            put(new SigningKeyRow(KEY_SET, key.getKeyID(), key.toPublicJWK().toJSONString(), sealed, activatesAt,
                    activatesAt + signingLifetime.toSeconds(),
                    activatesAt + signingLifetime.plus(PUBLISHED_AFTER_RETIREMENT).toSeconds()));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a signing key", e);
        }
    }

    private void put(SigningKeyRow row) {
        store.write(tx -> {
            tx.putSigningKey(row);
            return null;
        });
    }

    private List<SigningKeyRow> rows() {
        return store.read(tx -> tx.signingKeys(KEY_SET));
    }

    private synchronized void reload() {
        long now = now();
        List<SigningKeyRow> rows = rows().stream().filter(r -> r.removeAt() > now)
                .sorted(Comparator.comparingLong(SigningKeyRow::createdAt).reversed()).toList();
        try {
            RSAKey active = null;
            for (SigningKeyRow row : rows) {
                if (row.createdAt() <= now && row.retireAt() > now) {
                    SecretBytes json = barrier.open(row.sealedPrivateJwk(), identity(row.keyId()));
                    active = RSAKey.parse(json.revealUtf8());
                    json.destroy();
                    break;
                }
            }
            List<JWK> published = new ArrayList<>();
            for (SigningKeyRow row : rows) {
                published.add(RSAKey.parse(row.publicJwk()));
            }
            Set<String> ids = rows.stream().map(SigningKeyRow::keyId).collect(Collectors.toUnmodifiableSet());
            Snapshot before = snapshot;
            snapshot = new Snapshot(active, new JWKSet(published), ids);
            if (before != null && !ids.containsAll(before.publishedIds())) {
                removalListeners.forEach(Runnable::run);
            }
        } catch (ParseException e) {
            throw new IllegalStateException("a stored signing key is malformed", e);
        }
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private static ObjectIdentity identity(String keyId) {
        return new ObjectIdentity("", "", "signing-key", KEY_SET, keyId);
    }
}
