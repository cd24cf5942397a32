package dev.coffer.keys;

import dev.coffer.error.BadRequest;
import dev.coffer.objects.AttributesUpdate;
import dev.coffer.objects.Names;
import dev.coffer.objects.VersionedObjects;
import dev.coffer.store.KeyRotationPolicyRow;
import dev.coffer.store.ObjectNameRow;
import dev.coffer.store.Store;
import dev.coffer.store.VaultRow;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Key rotation: a key's rotation policy (read, set, Azure's default when none was set) and {@code rotate},
 * which makes a new version like the latest one — same type, size or curve, operations and tags — with a fresh
 * key and, when the policy has an {@code expiryTime}, an expiry that far ahead. The scheduler carries the
 * policies out through the same calls.
 */
public final class KeyRotationService {

    private static final long MIN_EXPIRY_SECONDS = 28 * 86_400L;
    private static final String AFTER_CREATE = "timeAfterCreate=";
    private static final String BEFORE_EXPIRY = "timeBeforeExpiry=";

    private final KeyService keys;
    private final Store store;
    private final Clock clock;
    private final SecureRandom random;
    private final VersionedObjects objects;

    public KeyRotationService(KeyService keys, Store store, Clock clock, SecureRandom random) {
        this.keys = keys;
        this.store = store;
        this.clock = clock;
        this.random = random;
        this.objects = keys.objects();
    }

    public KeyRotationPolicy getPolicy(VaultRow vault, String name) {
        return store.read(tx -> {
            ObjectNameRow n = objects.requireLiveName(tx, vault, name);
            return tx.keyRotationPolicy(vault.name(), n.name()).map(KeyRotationService::policy)
                    .orElse(KeyRotationPolicy.defaultFor(n.name()));
        });
    }

    /** Replaces the policy; an empty action list resets it to Azure's default actions. */
    public KeyRotationPolicy setPolicy(VaultRow vault, String name, List<LifetimeAction> actions, String expiryTime) {
        List<LifetimeAction> effective = actions == null || actions.isEmpty()
                ? KeyRotationPolicy.defaultFor(name).lifetimeActions() : actions;
        Map<String, String> encoded = validate(effective, expiryTime);
        long now = now();
        KeyRotationPolicyRow stored = store.write(tx -> {
            ObjectNameRow n = objects.requireLiveName(tx, vault, name);
            var existing = tx.keyRotationPolicy(vault.name(), n.name());
            KeyRotationPolicyRow row = new KeyRotationPolicyRow(vault.name(), n.name(), encoded, expiryTime,
                    existing.map(KeyRotationPolicyRow::createdAt).orElse(now), now,
                    existing.map(KeyRotationPolicyRow::notifiedVersion).orElse(null));
            tx.putKeyRotationPolicy(row);
            return row;
        });
        return policy(stored);
    }

    /** A new version of the key made like its latest one; the policy's expiryTime sets its expiry. */
    public KeyBundle rotate(VaultRow vault, String name) {
        StoredKey latest = StoredKey.of(objects.findLive(vault, name, null));
        if (latest.publicOnly()) {
            throw new BadRequest("BadParameter", "Key " + latest.name() + " was imported without private parts; "
                    + "rotation would make a key its owner never had. Import a new version instead.");
        }
        String expiryTime = store.read(tx -> tx.keyRotationPolicy(vault.name(), latest.name()))
                .map(KeyRotationPolicyRow::expiryTime).orElse(null);
        Instant now = clock.instant();
        Long expires = expiryTime == null ? null
                : IsoDuration.parse("expiryTime", expiryTime).after(now).getEpochSecond();
        Integer size = switch (latest.kty().family()) {
            case RSA -> new BigInteger(1, latest.n()).bitLength();
            case OCT -> latest.aesKeyBits();
            case EC -> null;
        };
        keys.meter().creation(vault, latest.kty());
        String version = Names.newVersion(random);
        KeyMaterials.Made made = keys.materials().generate(latest.kty(), size, null, latest.curve(),
                KeyMaterials.identity(vault, latest.name(), version));
        return keys.insert(vault, latest.name(), version, made, latest.keyOps(),
                new AttributesUpdate(true, null, expires), latest.row().tags());
    }

    /** Records that a Notify action fired for this version, so it fires once per version. */
    KeyBundle markNotified(VaultRow vault, String name, String version) {
        long now = now();
        store.write(tx -> {
            var existing = tx.keyRotationPolicy(vault.name(), name).orElseThrow(() -> objects.notFound(name, null));
            tx.putKeyRotationPolicy(new KeyRotationPolicyRow(existing.vaultName(), existing.keyName(),
                    existing.lifetimeActions(), existing.expiryTime(), existing.createdAt(), now, version));
            return null;
        });
        return StoredKey.of(objects.findLive(vault, name, version)).bundle();
    }

    private static Map<String, String> validate(List<LifetimeAction> actions, String expiryTime) {
        IsoDuration expiry = expiryTime == null ? null : IsoDuration.parse("expiryTime", expiryTime);
        if (expiry != null && expiry.minimumSeconds() < MIN_EXPIRY_SECONDS) {
            throw new BadRequest("BadParameter", "'expiryTime' must be at least 28 days (P28D).");
        }
        Set<LifetimeAction.Type> seen = EnumSet.noneOf(LifetimeAction.Type.class);
        Map<String, String> encoded = new LinkedHashMap<>();
        for (LifetimeAction a : actions) {
            if (!seen.add(a.type())) {
                throw new BadRequest("BadParameter", "A rotation policy has at most one " + a.type().wireName()
                        + " action.");
            }
            if ((a.timeAfterCreate() == null) == (a.timeBeforeExpiry() == null)) {
                throw new BadRequest("BadParameter", "Each lifetime action's trigger needs exactly one of "
                        + "'timeAfterCreate' and 'timeBeforeExpiry'.");
            }
            IsoDuration trigger = a.timeAfterCreate() != null ? IsoDuration.parse("timeAfterCreate",
                    a.timeAfterCreate()) : IsoDuration.parse("timeBeforeExpiry", a.timeBeforeExpiry());
            if (a.type() == LifetimeAction.Type.ROTATE && a.timeBeforeExpiry() != null && expiry == null) {
                throw new BadRequest("BadParameter", "Rotating at 'timeBeforeExpiry' needs the policy's "
                        + "'expiryTime'.");
            }
            if (expiry != null && trigger.minimumSeconds() >= expiry.minimumSeconds()) {
                throw new BadRequest("BadParameter", "A lifetime action's time must be shorter than 'expiryTime'.");
            }
            encoded.put(a.type().wireName(), a.timeAfterCreate() != null ? AFTER_CREATE + a.timeAfterCreate()
                    : BEFORE_EXPIRY + a.timeBeforeExpiry());
        }
        return encoded;
    }

    static KeyRotationPolicy policy(KeyRotationPolicyRow row) {
        List<LifetimeAction> actions = new ArrayList<>();
        for (Map.Entry<String, String> e : row.lifetimeActions().entrySet()) {
            String trigger = e.getValue();
            boolean afterCreate = trigger.startsWith(AFTER_CREATE);
            String value = trigger.substring(trigger.indexOf('=') + 1);
            actions.add(new LifetimeAction(LifetimeAction.Type.of(e.getKey()), afterCreate ? value : null,
                    afterCreate ? null : value));
        }
        actions.sort(java.util.Comparator.comparing(LifetimeAction::type));
        return new KeyRotationPolicy(row.keyName(), actions, row.expiryTime(), row.createdAt(), row.updatedAt());
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
