package dev.coffer.keys;

import dev.coffer.barrier.Barrier;
import dev.coffer.crypto.Hsm;
import dev.coffer.crypto.KeyOperation;
import dev.coffer.crypto.SecretBytes;
import dev.coffer.error.BadRequest;
import dev.coffer.objects.AttributesUpdate;
import dev.coffer.objects.BackupFormat;
import dev.coffer.objects.DeletedObject;
import dev.coffer.objects.Names;
import dev.coffer.objects.Page;
import dev.coffer.objects.Tags;
import dev.coffer.objects.VersionedObjects;
import dev.coffer.store.ObjectKind;
import dev.coffer.store.ObjectNameRow;
import dev.coffer.store.ObjectVersionRow;
import dev.coffer.store.Store;
import dev.coffer.store.VaultRow;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys engine's lifecycle: create, import, read, update, soft delete, recover, purge, backup and restore.
 * Key material is made by {@link KeyMaterials} outside the store transaction (generation is slow), then the
 * version is written; an HSM object made for a write that fails is destroyed again. Knows nothing of HTTP,
 * tokens or authorization. The cryptographic operations are {@link KeyCryptoService}'s.
 */
public final class KeyService {

    private static final Logger LOG = LoggerFactory.getLogger(KeyService.class);
    private static final ObjectKind KIND = ObjectKind.KEY;

    private final Store store;
    private final Barrier barrier;
    private final Clock clock;
    private final SecureRandom random;
    private final VersionedObjects objects;
    private final KeyMaterials materials;
    private final KeyMeter meter;

    public KeyService(Store store, Barrier barrier, Clock clock, SecureRandom random, Hsm hsm) {
        this(store, barrier, clock, random, hsm, KeyMeter.NONE);
    }

    public KeyService(Store store, Barrier barrier, Clock clock, SecureRandom random, Hsm hsm, KeyMeter meter) {
        this.meter = meter;
        this.store = store;
        this.barrier = barrier;
        this.clock = clock;
        this.random = random;
        this.objects = new VersionedObjects(store, clock, KIND, "Key");
        this.materials = new KeyMaterials(barrier, hsm, random);
    }

    KeyMaterials materials() {
        return materials;
    }

    KeyMeter meter() {
        return meter;
    }

    VersionedObjects objects() {
        return objects;
    }

    public KeyBundle create(VaultRow vault, NewKey request) {
        String name = Names.requireObjectName(request.name(), "Key");
        if (request.kty() == null) {
            throw new BadRequest("BadParameter", "The parameter 'kty' is required.");
        }
        Tags.check(request.tags());
        List<KeyOperation> ops = AllowedOperations.resolve(request.kty(), request.keyOps(), false);
        store.read(tx -> {
            objects.requireClaimable(tx, vault, name);
            return null;
        });
        meter.creation(vault, request.kty());
        String version = Names.newVersion(random);
        KeyMaterials.Made made = materials.generate(request.kty(), request.keySize(), request.publicExponent(),
                request.curve(), KeyMaterials.identity(vault, name, version));
        return insert(vault, name, version, made, ops, request.attributes(), request.tags());
    }

    public KeyBundle importKey(VaultRow vault, KeyImport request) {
        try {
            String name = Names.requireObjectName(request.name(), "Key");
            Tags.check(request.tags());
            boolean publicOnly = !request.privateParts().present();
            List<KeyOperation> ops = AllowedOperations.resolve(request.publicParts().kty(), request.keyOps(),
                    publicOnly);
            store.read(tx -> {
                objects.requireClaimable(tx, vault, name);
                return null;
            });
            String version = Names.newVersion(random);
            KeyMaterials.Made made = materials.importKey(request, KeyMaterials.identity(vault, name, version));
            return insert(vault, name, version, made, ops, request.attributes(), request.tags());
        } finally {
            request.privateParts().destroy();
        }
    }

    /** Writes a new version whose material is made; used by create, import and rotate. */
    KeyBundle insert(VaultRow vault, String name, String version, KeyMaterials.Made made, List<KeyOperation> ops,
                     AttributesUpdate a, Map<String, String> tags) {
        long now = now();
        Map<String, String> extra = StoredKey.extra(made.kty(), ops, made.publicKey(), made.curve(),
                made.tokenLabel(), made.aesKeyBits());
        try {
            ObjectVersionRow row = store.write(tx -> {
                String storedName = objects.claimName(tx, vault, name);
                return tx.insertVersion(new ObjectVersionRow(vault.name(), KIND, storedName, version, 0,
                        a.enabled() == null || a.enabled(), a.notBefore(), a.expires(), now, now, null, tags, extra,
                        made.sealedPrivate()));
            });
            return StoredKey.of(row).bundle();
        } catch (RuntimeException e) {
            if (made.tokenLabel() != null) {
                destroyQuietly(made.tokenLabel());
            }
            throw e;
        }
    }

    public KeyBundle get(VaultRow vault, String name, String version) {
        StoredKey key = StoredKey.of(objects.findLive(vault, name, version));
        meter.transaction(vault, key.kty(), key.bits());
        return key.bundle();
    }

    public KeyBundle update(VaultRow vault, String name, String version, KeyUpdate update) {
        Tags.check(update.tags());
        AttributesUpdate a = update.attributes() == null ? AttributesUpdate.NONE : update.attributes();
        ObjectVersionRow changed = objects.update(vault, name, version, row -> {
            StoredKey key = StoredKey.of(row);
            Map<String, String> extra = row.extra();
            // The Java SDK sends "key_ops": [] whenever updateKeyProperties gets no operations: keep them.
            if (update.keyOps() != null && !update.keyOps().isEmpty()) {
                extra = StoredKey.withKeyOps(extra, AllowedOperations.resolve(key.kty(), update.keyOps(),
                        key.publicOnly()));
            }
            return new ObjectVersionRow(row.vaultName(), KIND, row.name(), row.version(), row.sequence(),
                    a.enabled() != null ? a.enabled() : row.enabled(),
                    a.notBefore() != null ? a.notBefore() : row.notBefore(),
                    a.expires() != null ? a.expires() : row.expires(), row.created(), row.updated(), null,
                    update.tags() != null ? update.tags() : row.tags(), extra, row.sealedValue());
        });
        return StoredKey.of(changed).bundle();
    }

    public DeletedKey delete(VaultRow vault, String name) {
        List<ObjectVersionRow> purged = new ArrayList<>();
        DeletedObject deleted = objects.delete(vault, name, purged);
        release(purged);
        return deleted(deleted);
    }

    public Page<KeyProperties> list(VaultRow vault, String marker, int max) {
        return objects.list(vault, marker, max).map(KeyService::properties);
    }

    public Page<KeyProperties> listVersions(VaultRow vault, String name, String marker, int max) {
        return objects.listVersions(vault, name, marker, max).map(KeyService::properties);
    }

    public Page<DeletedKey> listDeleted(VaultRow vault, String marker, int max) {
        return objects.listDeleted(vault, marker, max).map(KeyService::deleted);
    }

    public DeletedKey getDeleted(VaultRow vault, String name) {
        return deleted(objects.getDeleted(vault, name));
    }

    public KeyBundle recover(VaultRow vault, String name) {
        return StoredKey.of(objects.recover(vault, name)).bundle();
    }

    public void purge(VaultRow vault, String name) {
        release(objects.purge(vault, name));
    }

    /** Removes a deleted key whose retention has passed; used by the purge job whatever the protection. */
    public void purgeExpired(VaultRow vault, String name) {
        release(objects.purgeExpired(vault, name));
    }

    /**
     * All versions, sealed by the barrier for this installation and tenant. HSM keys are refused: their
     * material cannot leave the token (it is non-extractable by design), so there is nothing Coffer could
     * put in a backup; back the token up with its own tooling instead.
     */
    public byte[] backup(VaultRow vault, String name) {
        return store.read(tx -> {
            ObjectNameRow n = objects.requireLiveName(tx, vault, name);
            List<BackupFormat.Version<KeyBackupFormat.Payload>> versions = new ArrayList<>();
            try {
                for (ObjectVersionRow row : tx.versions(vault.name(), KIND, n.name(), 0, Integer.MAX_VALUE)) {
                    if (StoredKey.of(row).kty().hsm()) {
                        throw new BadRequest("BadParameter", "Key " + n.name() + " is HSM-protected and its material "
                                + "cannot leave the HSM, so Coffer does not back it up. Back up the PKCS#11 token "
                                + "with its own tools.");
                    }
                    byte[] pkcs8 = null;
                    if (row.sealedValue() != null) {
                        pkcs8 = materials.openPrivate(vault, row.name(), row.version(), row.sealedValue()).reveal();
                    }
                    versions.add(BackupFormat.Version.of(row,
                            new KeyBackupFormat.Payload(row.tags(), row.extra(), pkcs8)));
                }
                return KeyBackupFormat.FORMAT.seal(barrier, vault, new BackupFormat.Contents<>(n.name(), versions));
            } finally {
                versions.forEach(v -> {
                    if (v.payload().privatePkcs8() != null) {
                        java.util.Arrays.fill(v.payload().privatePkcs8(), (byte) 0);
                    }
                });
            }
        });
    }

    public KeyBundle restore(VaultRow vault, byte[] blob) {
        BackupFormat.Contents<KeyBackupFormat.Payload> contents = KeyBackupFormat.FORMAT.open(barrier, vault, blob);
        String name = Names.requireObjectName(contents.name(), "Key");
        List<ObjectVersionRow> rows = new ArrayList<>();
        for (BackupFormat.Version<KeyBackupFormat.Payload> v : contents.versions()) {
            KeyBackupFormat.Payload p = v.payload();
            byte[] sealed = null;
            if (p.privatePkcs8() != null) {
                SecretBytes pkcs8 = SecretBytes.wrap(p.privatePkcs8());
                sealed = materials.sealPrivate(vault, name, v.version(), pkcs8);
                pkcs8.destroy();
            }
            ObjectVersionRow row = new ObjectVersionRow(vault.name(), KIND, name, v.version(), 0, v.enabled(),
                    v.notBefore(), v.expires(), v.created(), v.updated(), null, p.tags(), p.extra(), sealed);
            if (!Names.isVersion(v.version()) || !restorable(row)) {
                throw BackupFormat.corrupt();
            }
            rows.add(row);
        }
        return StoredKey.of(objects.restore(vault, name, rows)).bundle();
    }

    private static boolean restorable(ObjectVersionRow row) {
        try {
            StoredKey key = StoredKey.of(row);
            key.publicKey();
            return !key.kty().hsm();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Destroys the token objects of purged HSM versions; also called for the keys of a purged vault. The rows
     * are gone already: failures are only logged.
     */
    public void release(List<ObjectVersionRow> purged) {
        for (ObjectVersionRow row : purged) {
            StoredKey key = StoredKey.of(row);
            if (key.kty().hsm() && key.tokenLabel() != null) {
                destroyQuietly(key.tokenLabel());
            }
        }
    }

    private void destroyQuietly(String label) {
        try {
            materials.hsm().destroy(label);
        } catch (RuntimeException e) {
            LOG.warn("could not destroy token object {} ({}); remove it with the token's tools", label,
                    e.getClass().getSimpleName());
        }
    }

    private static KeyProperties properties(ObjectVersionRow row) {
        return StoredKey.of(row).properties();
    }

    private static DeletedKey deleted(DeletedObject d) {
        return new DeletedKey(StoredKey.of(d.latest()).bundle(), d.deletedDate(), d.scheduledPurgeDate());
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
