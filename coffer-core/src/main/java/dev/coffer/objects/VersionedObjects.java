package dev.coffer.objects;

import dev.coffer.error.BadRequest;
import dev.coffer.error.Conflict;
import dev.coffer.error.Forbidden;
import dev.coffer.error.NotFound;
import dev.coffer.store.ObjectKind;
import dev.coffer.store.ObjectNameRow;
import dev.coffer.store.ObjectVersionRow;
import dev.coffer.store.ReadTx;
import dev.coffer.store.Store;
import dev.coffer.store.VaultRow;
import dev.coffer.store.WriteTx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The life of a named, versioned vault object, the same for secrets, keys and certificates: claiming a name,
 * finding live versions, paging, soft delete with the vault's retention, recovery, purge (refused under purge
 * protection) and the name checks of restore. Engines add what their kind stores and how it is shown; the
 * errors here carry the kind's Azure wording ({@code SecretNotFound}, {@code KeyNotFound}, …).
 */
public final class VersionedObjects {

    private static final long DAY = 86_400L;

    private final Store store;
    private final Clock clock;
    private final ObjectKind kind;
    private final String noun;
    private final String notFoundCode;

    /** @param noun the kind as a capitalised word in messages: "Secret", "Key" */
    public VersionedObjects(Store store, Clock clock, ObjectKind kind, String noun) {
        this.store = store;
        this.clock = clock;
        this.kind = kind;
        this.noun = noun;
        this.notFoundCode = noun + "NotFound";
    }

    public ObjectKind kind() {
        return kind;
    }

    /** The live name's stored casing, creating the name on first use; refuses names held by a deleted object. */
    public String claimName(WriteTx tx, VaultRow vault, String name) {
        var existing = tx.objectName(vault.name(), kind, name);
        if (existing.isPresent()) {
            if (existing.get().deleted()) {
                throw deletedButRecoverable(name);
            }
            return existing.get().name();
        }
        tx.putObjectName(new ObjectNameRow(vault.name(), kind, name, null, null));
        return name;
    }

    /** Fails early, before expensive work, when a new version could not be stored under this name. */
    public void requireClaimable(ReadTx tx, VaultRow vault, String name) {
        Names.requireObjectName(name, noun);
        if (tx.objectName(vault.name(), kind, name).filter(ObjectNameRow::deleted).isPresent()) {
            throw deletedButRecoverable(name);
        }
    }

    /** A version of a live object; an empty or null version means the latest. */
    public ObjectVersionRow findLive(ReadTx tx, VaultRow vault, String name, String version) {
        ObjectNameRow n = requireLiveName(tx, vault, name);
        var row = version == null || version.isEmpty()
                ? tx.latestVersion(vault.name(), kind, n.name())
                : tx.version(vault.name(), kind, n.name(), version);
        return row.orElseThrow(() -> notFound(name, version));
    }

    public ObjectVersionRow findLive(VaultRow vault, String name, String version) {
        return store.read(tx -> findLive(tx, vault, name, version));
    }

    public ObjectNameRow requireLiveName(ReadTx tx, VaultRow vault, String name) {
        Names.requireObjectName(name, noun);
        return tx.objectName(vault.name(), kind, name).filter(n -> !n.deleted())
                .orElseThrow(() -> notFound(name, null));
    }

    /** Replaces a live version's mutable fields with what {@code change} makes of it, stamping {@code updated}. */
    public ObjectVersionRow update(VaultRow vault, String name, String version, UnaryOperator<ObjectVersionRow> change) {
        long now = now();
        return store.write(tx -> {
            ObjectVersionRow row = findLive(tx, vault, name, version);
            ObjectVersionRow c = change.apply(row);
            ObjectVersionRow next = new ObjectVersionRow(row.vaultName(), kind, row.name(), row.version(),
                    row.sequence(), c.enabled(), c.notBefore(), c.expires(), row.created(), now, c.contentType(),
                    c.tags(), c.extra(), row.sealedValue());
            tx.updateVersion(next);
            return next;
        });
    }

    /**
     * Soft-deletes every version (or, in a vault without soft delete, purges them). Returns the deletion and,
     * for an immediate purge, the removed versions through {@code purged} so the engine can release what they
     * hold outside the store.
     */
    public DeletedObject delete(VaultRow vault, String name, List<ObjectVersionRow> purged) {
        RecoveryPolicy policy = RecoveryPolicy.of(vault);
        long now = now();
        return store.write(tx -> {
            ObjectVersionRow latest = findLive(tx, vault, name, null);
            if (!policy.softDelete()) {
                purged.addAll(tx.versions(vault.name(), kind, latest.name(), 0, Integer.MAX_VALUE));
                tx.purgeObject(vault.name(), kind, latest.name());
                return new DeletedObject(latest, now, now);
            }
            long purgeAt = now + policy.retentionDays() * DAY;
            tx.putObjectName(new ObjectNameRow(vault.name(), kind, latest.name(), now, purgeAt));
            return new DeletedObject(latest, now, purgeAt);
        });
    }

    public Page<ObjectVersionRow> list(VaultRow vault, String marker, int max) {
        List<ObjectVersionRow> rows = store.read(tx -> tx.latestVersions(vault.name(), kind, marker, max + 1));
        return page(rows, max, r -> r.name().toLowerCase(Locale.ROOT));
    }

    public Page<ObjectVersionRow> listVersions(VaultRow vault, String name, String marker, int max) {
        long after = parseSequence(marker);
        List<ObjectVersionRow> rows = store.read(tx -> {
            requireLiveName(tx, vault, name);
            return tx.versions(vault.name(), kind, name, after, max + 1);
        });
        return page(rows, max, r -> Long.toString(r.sequence()));
    }

    public Page<DeletedObject> listDeleted(VaultRow vault, String marker, int max) {
        List<DeletedObject> found = store.read(tx -> {
            List<DeletedObject> out = new ArrayList<>();
            for (ObjectNameRow n : tx.deletedNames(vault.name(), kind, marker, max + 1)) {
                tx.latestVersion(vault.name(), kind, n.name()).ifPresent(
                        v -> out.add(new DeletedObject(v, n.deletedAt(), n.scheduledPurgeAt())));
            }
            return out;
        });
        if (found.size() > max) {
            List<DeletedObject> items = found.subList(0, max);
            return new Page<>(items, items.get(max - 1).latest().name().toLowerCase(Locale.ROOT));
        }
        return new Page<>(found, null);
    }

    public DeletedObject getDeleted(VaultRow vault, String name) {
        return store.read(tx -> deletedOrThrow(tx, vault, name));
    }

    /** Brings a deleted object back; returns its latest version. */
    public ObjectVersionRow recover(VaultRow vault, String name) {
        return store.write(tx -> {
            DeletedObject deleted = deletedOrThrow(tx, vault, name);
            tx.putObjectName(new ObjectNameRow(vault.name(), kind, deleted.latest().name(), null, null));
            return deleted.latest();
        });
    }

    /** Purges a deleted object at the caller's request; returns the versions removed. */
    public List<ObjectVersionRow> purge(VaultRow vault, String name) {
        if (vault.enablePurgeProtection()) {
            throw new Forbidden("Forbidden", "Operation \"purge\" is not allowed because purge protection is "
                    + "enabled for this vault. Key Vault service will automatically purge it after the retention "
                    + "period has passed.");
        }
        return store.write(tx -> {
            DeletedObject deleted = deletedOrThrow(tx, vault, name);
            List<ObjectVersionRow> versions = tx.versions(vault.name(), kind, deleted.latest().name(), 0,
                    Integer.MAX_VALUE);
            tx.purgeObject(vault.name(), kind, deleted.latest().name());
            return versions;
        });
    }

    /** Purges a deleted object whose retention has passed, whatever the protection; returns the versions removed. */
    public List<ObjectVersionRow> purgeExpired(VaultRow vault, String name) {
        return store.write(tx -> {
            DeletedObject deleted = deletedOrThrow(tx, vault, name);
            if (deleted.scheduledPurgeDate() > now()) {
                return List.<ObjectVersionRow>of();
            }
            List<ObjectVersionRow> versions = tx.versions(vault.name(), kind, deleted.latest().name(), 0,
                    Integer.MAX_VALUE);
            tx.purgeObject(vault.name(), kind, deleted.latest().name());
            return versions;
        });
    }

    /**
     * Writes a backup's versions, in order, under a name that must be neither live nor deleted (restore never
     * merges into an existing object); returns the last version written.
     */
    public ObjectVersionRow restore(VaultRow vault, String name, List<ObjectVersionRow> versions) {
        return store.write(tx -> {
            claimFreeName(tx, vault, name);
            ObjectVersionRow inserted = null;
            for (ObjectVersionRow row : versions) {
                inserted = tx.insertVersion(row);
            }
            return inserted;
        });
    }

    private void claimFreeName(WriteTx tx, VaultRow vault, String name) {
        if (tx.objectName(vault.name(), kind, name).isPresent()) {
            throw new Conflict("Conflict", noun + " " + name + " already exists in this vault (or is deleted but "
                    + "recoverable); restore needs a free name.");
        }
        tx.putObjectName(new ObjectNameRow(vault.name(), kind, name, null, null));
    }

    public DeletedObject deletedOrThrow(ReadTx tx, VaultRow vault, String name) {
        Names.requireObjectName(name, noun);
        ObjectNameRow n = tx.objectName(vault.name(), kind, name).filter(ObjectNameRow::deleted)
                .orElseThrow(() -> deletedNotFound(name));
        ObjectVersionRow latest = tx.latestVersion(vault.name(), kind, n.name())
                .orElseThrow(() -> deletedNotFound(name));
        return new DeletedObject(latest, n.deletedAt(), n.scheduledPurgeAt());
    }

    public NotFound notFound(String name, String version) {
        String id = version == null || version.isEmpty() ? name : name + "/" + Names.sanitize(version);
        String lower = noun.toLowerCase(Locale.ROOT);
        return new NotFound(notFoundCode, "A " + lower + " with (name/id) " + id + " was not found in this key "
                + "vault. If you recently deleted this " + lower + " you may be able to recover it using the correct "
                + "recovery command.");
    }

    private NotFound deletedNotFound(String name) {
        return new NotFound(notFoundCode, "Deleted " + noun + " not found: " + name);
    }

    private Conflict deletedButRecoverable(String name) {
        String lower = noun.toLowerCase(Locale.ROOT);
        return new Conflict("Conflict", "ObjectIsDeletedButRecoverable", noun + " " + name + " is currently in a "
                + "deleted but recoverable state, and its name cannot be reused; in this state, the " + lower
                + " can only be recovered or purged.");
    }

    private static Page<ObjectVersionRow> page(List<ObjectVersionRow> rows, int max,
                                               java.util.function.Function<ObjectVersionRow, String> marker) {
        List<ObjectVersionRow> items = rows.size() > max ? rows.subList(0, max) : rows;
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

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
