package dev.coffer.secrets;

import dev.coffer.barrier.Barrier;
import dev.coffer.barrier.BarrierException;
import dev.coffer.barrier.ObjectIdentity;
import dev.coffer.crypto.SecretBytes;
import dev.coffer.error.BadRequest;
import dev.coffer.error.Conflict;
import dev.coffer.error.Forbidden;
import dev.coffer.error.NotFound;
import dev.coffer.objects.AttributesUpdate;
import dev.coffer.objects.Names;
import dev.coffer.objects.ObjectAttributes;
import dev.coffer.objects.Page;
import dev.coffer.objects.RecoveryPolicy;
import dev.coffer.store.ObjectKind;
import dev.coffer.store.ObjectNameRow;
import dev.coffer.store.ObjectVersionRow;
import dev.coffer.store.Store;
import dev.coffer.store.VaultRow;
import dev.coffer.store.WriteTx;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The secrets engine: versions, soft delete, recovery, purge, backup and restore over the store, with every
 * value sealed by the barrier under the secret's identity. Knows nothing of HTTP, tokens or authorization.
 */
public final class SecretService {

    private static final ObjectKind KIND = ObjectKind.SECRET;
    private static final long DAY = 86_400L;

    private final Store store;
    private final Barrier barrier;
    private final Clock clock;
    private final SecureRandom random;

    public SecretService(Store store, Barrier barrier, Clock clock, SecureRandom random) {
        this.store = store;
        this.barrier = barrier;
        this.clock = clock;
        this.random = random;
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
            String storedName = claimName(tx, vault, name);
            byte[] sealed = barrier.seal(request.value(), identity(vault, storedName, version));
            return tx.insertVersion(new ObjectVersionRow(vault.name(), KIND, storedName, version, 0,
                    a.enabled() == null || a.enabled(), a.notBefore(), a.expires(), now, now, request.contentType(),
                    request.tags(), Map.of(), sealed));
        });
        return new Secret(properties(row), request.value());
    }

    /** The live name's stored casing, creating the name on first use; refuses names held by a deleted secret. */
    private String claimName(WriteTx tx, VaultRow vault, String name) {
        var existing = tx.objectName(vault.name(), KIND, name);
        if (existing.isPresent()) {
            if (existing.get().deleted()) {
                throw new Conflict("Conflict", "ObjectIsDeletedButRecoverable", "Secret " + name
                        + " is currently in a deleted but recoverable state, and its name cannot be reused; in this "
                        + "state, the secret can only be recovered or purged.");
            }
            return existing.get().name();
        }
        tx.putObjectName(new ObjectNameRow(vault.name(), KIND, name, null, null));
        return name;
    }

    public Secret get(VaultRow vault, String name, String version) {
        ObjectVersionRow row = store.read(tx -> findLive(tx, vault, name, version));
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
        ObjectVersionRow changed = store.write(tx -> {
            ObjectVersionRow row = findLive(tx, vault, name, version);
            AttributesUpdate a = update.attributes() == null ? AttributesUpdate.NONE : update.attributes();
            ObjectVersionRow next = new ObjectVersionRow(row.vaultName(), KIND, row.name(), row.version(),
                    row.sequence(), a.enabled() != null ? a.enabled() : row.enabled(),
                    a.notBefore() != null ? a.notBefore() : row.notBefore(),
                    a.expires() != null ? a.expires() : row.expires(), row.created(), now(),
                    update.contentType() != null ? update.contentType() : row.contentType(),
                    update.tags() != null ? update.tags() : row.tags(), row.extra(), row.sealedValue());
            tx.updateVersion(next);
            return next;
        });
        return properties(changed);
    }

    public DeletedSecret delete(VaultRow vault, String name) {
        RecoveryPolicy policy = RecoveryPolicy.of(vault);
        long now = now();
        return store.write(tx -> {
            ObjectVersionRow latest = findLive(tx, vault, name, null);
            long purgeAt = now + policy.retentionDays() * DAY;
            if (!policy.softDelete()) {
                tx.purgeObject(vault.name(), KIND, latest.name());
                return new DeletedSecret(properties(latest), now, now);
            }
            tx.putObjectName(new ObjectNameRow(vault.name(), KIND, latest.name(), now, purgeAt));
            return new DeletedSecret(properties(latest), now, purgeAt);
        });
    }

    public Page<SecretProperties> list(VaultRow vault, String marker, int max) {
        List<ObjectVersionRow> rows = store.read(tx -> tx.latestVersions(vault.name(), KIND, marker, max + 1));
        return page(rows, max, r -> r.name().toLowerCase(java.util.Locale.ROOT));
    }

    public Page<SecretProperties> listVersions(VaultRow vault, String name, String marker, int max) {
        long after = parseSequence(marker);
        List<ObjectVersionRow> rows = store.read(tx -> {
            requireLiveName(tx, vault, name);
            return tx.versions(vault.name(), KIND, name, after, max + 1);
        });
        return page(rows, max, r -> Long.toString(r.sequence()));
    }

    public Page<DeletedSecret> listDeleted(VaultRow vault, String marker, int max) {
        List<DeletedSecret> found = store.read(tx -> {
            List<DeletedSecret> out = new ArrayList<>();
            for (ObjectNameRow n : tx.deletedNames(vault.name(), KIND, marker, max + 1)) {
                tx.latestVersion(vault.name(), KIND, n.name()).ifPresent(
                        v -> out.add(new DeletedSecret(properties(v), n.deletedAt(), n.scheduledPurgeAt())));
            }
            return out;
        });
        if (found.size() > max) {
            List<DeletedSecret> items = found.subList(0, max);
            return new Page<>(items, items.get(max - 1).properties().name().toLowerCase(java.util.Locale.ROOT));
        }
        return new Page<>(found, null);
    }

    public DeletedSecret getDeleted(VaultRow vault, String name) {
        return store.read(tx -> deletedOrThrow(tx, vault, name));
    }

    public SecretProperties recover(VaultRow vault, String name) {
        return store.write(tx -> {
            DeletedSecret deleted = deletedOrThrow(tx, vault, name);
            tx.putObjectName(new ObjectNameRow(vault.name(), KIND, deleted.properties().name(), null, null));
            return deleted.properties();
        });
    }

    public void purge(VaultRow vault, String name) {
        if (vault.enablePurgeProtection()) {
            throw new Forbidden("Forbidden", "Operation \"purge\" is not allowed because purge protection is "
                    + "enabled for this vault. Key Vault service will automatically purge it after the retention "
                    + "period has passed.");
        }
        store.write(tx -> {
            DeletedSecret deleted = deletedOrThrow(tx, vault, name);
            tx.purgeObject(vault.name(), KIND, deleted.properties().name());
            return null;
        });
    }

    /** Removes a deleted secret whose retention has passed; used by the purge job whatever the protection. */
    public void purgeExpired(VaultRow vault, String name) {
        store.write(tx -> {
            DeletedSecret deleted = deletedOrThrow(tx, vault, name);
            if (deleted.scheduledPurgeDate() <= now()) {
                tx.purgeObject(vault.name(), KIND, deleted.properties().name());
            }
            return null;
        });
    }

    public byte[] backup(VaultRow vault, String name) {
        return store.read(tx -> {
            ObjectNameRow n = requireLiveName(tx, vault, name);
            List<SecretBackupFormat.Version> versions = new ArrayList<>();
            for (ObjectVersionRow row : tx.versions(vault.name(), KIND, n.name(), 0, Integer.MAX_VALUE)) {
                SecretBytes value = barrier.open(row.sealedValue(), identity(vault, row.name(), row.version()));
                versions.add(new SecretBackupFormat.Version(row.version(), row.enabled(), row.notBefore(),
                        row.expires(), row.created(), row.updated(), row.contentType(), row.tags(), value.reveal()));
                value.destroy();
            }
            byte[] plain = SecretBackupFormat.write(new SecretBackupFormat.Contents(n.name(), versions));
            return barrier.seal(SecretBytes.wrap(plain), backupIdentity(vault));
        });
    }

    public SecretProperties restore(VaultRow vault, byte[] blob) {
        SecretBackupFormat.Contents contents;
        try {
            SecretBytes plain = barrier.open(blob, backupIdentity(vault));
            contents = SecretBackupFormat.read(plain.reveal());
            plain.destroy();
        } catch (BarrierException e) {
            throw SecretBackupFormat.corrupt();
        }
        String name = Names.requireObjectName(contents.name(), "Secret");
        ObjectVersionRow last = store.write(tx -> {
            if (tx.objectName(vault.name(), KIND, name).isPresent()) {
                throw new Conflict("Conflict", "Secret " + name + " already exists in this vault (or is deleted "
                        + "but recoverable); restore needs a free name.");
            }
            tx.putObjectName(new ObjectNameRow(vault.name(), KIND, name, null, null));
            ObjectVersionRow inserted = null;
            for (SecretBackupFormat.Version v : contents.versions()) {
                if (!Names.isVersion(v.version())) {
                    throw SecretBackupFormat.corrupt();
                }
                byte[] sealed = barrier.seal(SecretBytes.wrap(v.value()), identity(vault, name, v.version()));
                inserted = tx.insertVersion(new ObjectVersionRow(vault.name(), KIND, name, v.version(), 0,
                        v.enabled(), v.notBefore(), v.expires(), v.created(), v.updated(), v.contentType(), v.tags(),
                        Map.of(), sealed));
            }
            return inserted;
        });
        return properties(last);
    }

    private ObjectVersionRow findLive(dev.coffer.store.ReadTx tx, VaultRow vault, String name, String version) {
        ObjectNameRow n = requireLiveName(tx, vault, name);
        var row = version == null || version.isEmpty()
                ? tx.latestVersion(vault.name(), KIND, n.name())
                : tx.version(vault.name(), KIND, n.name(), version);
        return row.orElseThrow(() -> notFound(name, version));
    }

    private ObjectNameRow requireLiveName(dev.coffer.store.ReadTx tx, VaultRow vault, String name) {
        Names.requireObjectName(name, "Secret");
        return tx.objectName(vault.name(), KIND, name).filter(n -> !n.deleted())
                .orElseThrow(() -> notFound(name, null));
    }

    private DeletedSecret deletedOrThrow(dev.coffer.store.ReadTx tx, VaultRow vault, String name) {
        Names.requireObjectName(name, "Secret");
        ObjectNameRow n = tx.objectName(vault.name(), KIND, name).filter(ObjectNameRow::deleted)
                .orElseThrow(() -> new NotFound("SecretNotFound", "Deleted Secret not found: " + name));
        ObjectVersionRow latest = tx.latestVersion(vault.name(), KIND, n.name())
                .orElseThrow(() -> new NotFound("SecretNotFound", "Deleted Secret not found: " + name));
        return new DeletedSecret(properties(latest), n.deletedAt(), n.scheduledPurgeAt());
    }

    private static NotFound notFound(String name, String version) {
        String id = version == null || version.isEmpty() ? name : name + "/" + Names.sanitize(version);
        return new NotFound("SecretNotFound", "A secret with (name/id) " + id + " was not found in this key vault. "
                + "If you recently deleted this secret you may be able to recover it using the correct recovery "
                + "command.");
    }

    private static <T> Page<SecretProperties> page(List<ObjectVersionRow> rows, int max,
                                                   java.util.function.Function<ObjectVersionRow, String> marker) {
        List<SecretProperties> items = new ArrayList<>();
        for (int i = 0; i < Math.min(rows.size(), max); i++) {
            items.add(properties(rows.get(i)));
        }
        String next = rows.size() > max ? marker.apply(rows.get(max - 1)) : null;
        return new Page<>(items, next);
    }

    private static long parseSequence(String marker) {
        if (marker == null) {
            return 0;
        }
        try {
            return Long.parseLong(marker);
        } catch (NumberFormatException e) {
            throw new BadRequest("BadParameter", "The continuation token is not valid.");
        }
    }

    static SecretProperties properties(ObjectVersionRow row) {
        return new SecretProperties(row.name(), row.version(), row.contentType(),
                new ObjectAttributes(row.enabled(), row.notBefore(), row.expires(), row.created(), row.updated()),
                row.tags(), false, null);
    }

    private static ObjectIdentity identity(VaultRow vault, String name, String version) {
        return new ObjectIdentity(vault.tenantId(), vault.name(), "secret", name, version);
    }

    private static ObjectIdentity backupIdentity(VaultRow vault) {
        return new ObjectIdentity(vault.tenantId(), "", "secret-backup", "", "");
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
