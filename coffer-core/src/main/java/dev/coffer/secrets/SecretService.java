package dev.coffer.secrets;

import dev.coffer.barrier.Barrier;
import dev.coffer.barrier.BarrierException;
import dev.coffer.barrier.ObjectIdentity;
import dev.coffer.crypto.SecretBytes;
import dev.coffer.error.BadRequest;
import dev.coffer.error.Forbidden;
import dev.coffer.objects.AttributesUpdate;
import dev.coffer.objects.BackupFormat;
import dev.coffer.objects.DeletedObject;
import dev.coffer.objects.Names;
import dev.coffer.objects.ObjectAttributes;
import dev.coffer.objects.Page;
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

/**
 * The secrets engine: versions, soft delete, recovery, purge, backup and restore over the store, with every
 * value sealed by the barrier under the secret's identity. The name/version lifecycle it shares with keys is
 * {@link VersionedObjects}'s. Knows nothing of HTTP, tokens or authorization.
 */
public final class SecretService {

    private static final ObjectKind KIND = ObjectKind.SECRET;

    private final Store store;
    private final Barrier barrier;
    private final Clock clock;
    private final SecureRandom random;
    private final VersionedObjects objects;

    public SecretService(Store store, Barrier barrier, Clock clock, SecureRandom random) {
        this.store = store;
        this.barrier = barrier;
        this.clock = clock;
        this.random = random;
        this.objects = new VersionedObjects(store, clock, KIND, "Secret");
    }

    public Secret set(VaultRow vault, NewSecret request) {
        String name = Names.requireObjectName(request.name(), "Secret");
        if (request.value() == null) {
            throw new BadRequest("BadParameter", "The secret value is required.");
        }
        SecretLimits.check(request.value().length(), request.contentType(), request.tags());
        long now = now();
        String version = Names.newVersion(random);
        AttributesUpdate a = request.attributes();
        ObjectVersionRow row = store.write(tx -> {
            String storedName = objects.claimName(tx, vault, name);
            byte[] sealed = barrier.seal(request.value(), identity(vault, storedName, version));
            return tx.insertVersion(new ObjectVersionRow(vault.name(), KIND, storedName, version, 0,
                    a.enabled() == null || a.enabled(), a.notBefore(), a.expires(), now, now, request.contentType(),
                    request.tags(), Map.of(), sealed));
        });
        return new Secret(properties(row), request.value());
    }

    public Secret get(VaultRow vault, String name, String version) {
        ObjectVersionRow row = objects.findLive(vault, name, version);
        if (!row.enabled()) {
            throw new Forbidden("Forbidden", "SecretDisabled", "Operation get is not allowed on a disabled secret.");
        }
        try {
            SecretBytes value = barrier.open(row.sealedValue(), identity(vault, row.name(), row.version()));
            return new Secret(properties(row), value);
        } catch (BarrierException e) {
            throw new IllegalStateException("stored secret version failed to open: the store or key was altered");
        }
    }

    public SecretProperties update(VaultRow vault, String name, String version, SecretUpdate update) {
        SecretLimits.checkMetadata(update.contentType(), update.tags());
        AttributesUpdate a = update.attributes() == null ? AttributesUpdate.NONE : update.attributes();
        ObjectVersionRow changed = objects.update(vault, name, version, row -> new ObjectVersionRow(row.vaultName(),
                KIND, row.name(), row.version(), row.sequence(), a.enabled() != null ? a.enabled() : row.enabled(),
                a.notBefore() != null ? a.notBefore() : row.notBefore(),
                a.expires() != null ? a.expires() : row.expires(), row.created(), row.updated(),
                update.contentType() != null ? update.contentType() : row.contentType(),
                update.tags() != null ? update.tags() : row.tags(), row.extra(), row.sealedValue()));
        return properties(changed);
    }

    public DeletedSecret delete(VaultRow vault, String name) {
        return deleted(objects.delete(vault, name, new ArrayList<>()));
    }

    public Page<SecretProperties> list(VaultRow vault, String marker, int max) {
        return objects.list(vault, marker, max).map(SecretService::properties);
    }

    public Page<SecretProperties> listVersions(VaultRow vault, String name, String marker, int max) {
        return objects.listVersions(vault, name, marker, max).map(SecretService::properties);
    }

    public Page<DeletedSecret> listDeleted(VaultRow vault, String marker, int max) {
        return objects.listDeleted(vault, marker, max).map(SecretService::deleted);
    }

    public DeletedSecret getDeleted(VaultRow vault, String name) {
        return deleted(objects.getDeleted(vault, name));
    }

    public SecretProperties recover(VaultRow vault, String name) {
        return properties(objects.recover(vault, name));
    }

    public void purge(VaultRow vault, String name) {
        objects.purge(vault, name);
    }

    /** Removes a deleted secret whose retention has passed; used by the purge job whatever the protection. */
    public void purgeExpired(VaultRow vault, String name) {
        objects.purgeExpired(vault, name);
    }

    public byte[] backup(VaultRow vault, String name) {
        return store.read(tx -> {
            ObjectNameRow n = objects.requireLiveName(tx, vault, name);
            List<BackupFormat.Version<SecretBackupFormat.Payload>> versions = new ArrayList<>();
            for (ObjectVersionRow row : tx.versions(vault.name(), KIND, n.name(), 0, Integer.MAX_VALUE)) {
                SecretBytes value = barrier.open(row.sealedValue(), identity(vault, row.name(), row.version()));
                versions.add(BackupFormat.Version.of(row,
                        new SecretBackupFormat.Payload(row.contentType(), row.tags(), value.reveal())));
                value.destroy();
            }
            return SecretBackupFormat.FORMAT.seal(barrier, vault, new BackupFormat.Contents<>(n.name(), versions));
        });
    }

    public SecretProperties restore(VaultRow vault, byte[] blob) {
        BackupFormat.Contents<SecretBackupFormat.Payload> contents =
                SecretBackupFormat.FORMAT.open(barrier, vault, blob);
        String name = Names.requireObjectName(contents.name(), "Secret");
        List<ObjectVersionRow> rows = new ArrayList<>();
        for (BackupFormat.Version<SecretBackupFormat.Payload> v : contents.versions()) {
            if (!Names.isVersion(v.version())) {
                throw BackupFormat.corrupt();
            }
            SecretBackupFormat.Payload p = v.payload();
            byte[] sealed = barrier.seal(SecretBytes.wrap(p.value()), identity(vault, name, v.version()));
            rows.add(new ObjectVersionRow(vault.name(), KIND, name, v.version(), 0, v.enabled(), v.notBefore(),
                    v.expires(), v.created(), v.updated(), p.contentType(), p.tags(), Map.of(), sealed));
        }
        return properties(objects.restore(vault, name, rows));
    }

    private static DeletedSecret deleted(DeletedObject d) {
        return new DeletedSecret(properties(d.latest()), d.deletedDate(), d.scheduledPurgeDate());
    }

    static SecretProperties properties(ObjectVersionRow row) {
        return new SecretProperties(row.name(), row.version(), row.contentType(),
                new ObjectAttributes(row.enabled(), row.notBefore(), row.expires(), row.created(), row.updated()),
                row.tags(), false, null);
    }

    private static ObjectIdentity identity(VaultRow vault, String name, String version) {
        return new ObjectIdentity(vault.tenantId(), vault.name(), "secret", name, version);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
