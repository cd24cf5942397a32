package dev.coffer.resources;

import dev.coffer.error.BadRequest;
import dev.coffer.error.Conflict;
import dev.coffer.error.Forbidden;
import dev.coffer.error.NotFound;
import dev.coffer.store.AccessPolicyRow;
import dev.coffer.store.ObjectKind;
import dev.coffer.store.ObjectNameRow;
import dev.coffer.store.ObjectVersionRow;
import dev.coffer.store.ReadTx;
import dev.coffer.store.Store;
import dev.coffer.store.SubscriptionRow;
import dev.coffer.store.VaultRow;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Vaults as management-plane resources: create, update, soft delete, recover and purge. Live vaults are also
 * kept in memory by name, because every data-plane request needs its vault; the cache is refreshed after
 * each committed change.
 */
public final class Vaults {

    private static final Pattern NAME = Pattern.compile("^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$");
    private static final long DAY = 86_400L;
    private static final int PAGE = 200;

    private final Store store;
    private final Subscriptions subscriptions;
    private final Clock clock;
    private final dev.coffer.network.SubnetRuleCheck subnetRules;
    private final Map<String, VaultRow> live = new ConcurrentHashMap<>();
    private final Map<ObjectKind, Consumer<List<ObjectVersionRow>>> releasers = new ConcurrentHashMap<>();

    public Vaults(Store store, Subscriptions subscriptions, Clock clock) {
        this(store, subscriptions, clock, dev.coffer.network.SubnetRuleCheck.NONE);
    }

    /** @param subnetRules checks subnets newly named by {@code networkAcls.virtualNetworkRules} */
    public Vaults(Store store, Subscriptions subscriptions, Clock clock, dev.coffer.network.SubnetRuleCheck subnetRules) {
        this.subnetRules = subnetRules;
        this.store = store;
        this.subscriptions = subscriptions;
        this.clock = clock;
        store.read(tx -> {
            for (var tenant : tx.tenants()) {
                for (SubscriptionRow s : tx.subscriptions(tenant.tenantId())) {
                    tx.vaults(s.subscriptionId()).stream().filter(v -> !v.deleted()).forEach(this::remember);
                }
            }
            return null;
        });
    }

    /** The live vault serving a data-plane host, if any. */
    public Optional<VaultRow> byName(String name) {
        return Optional.ofNullable(live.get(name.toLowerCase(Locale.ROOT)));
    }

    public Optional<VaultRow> find(String subscriptionId, String resourceGroup, String name) {
        return byName(name).filter(v -> v.subscriptionId().equalsIgnoreCase(subscriptionId)
                && v.resourceGroup().equalsIgnoreCase(resourceGroup));
    }

    public VaultRow require(String subscriptionId, String resourceGroup, String name) {
        return find(subscriptionId, resourceGroup, name).orElseThrow(() -> new NotFound("ResourceNotFound",
                "The Resource 'Microsoft.KeyVault/vaults/" + name + "' under resource group '" + resourceGroup
                        + "' was not found."));
    }

    public List<VaultRow> listLive(String subscriptionId, String resourceGroupOrNull) {
        return store.read(tx -> tx.vaults(subscriptionId)).stream().filter(v -> !v.deleted())
                .filter(v -> resourceGroupOrNull == null || v.resourceGroup().equalsIgnoreCase(resourceGroupOrNull))
                .toList();
    }

    /**
     * Creates or replaces a vault. {@code rbacByDefault} is true for api-versions from 2026-02-01, where a
     * create without {@code enableRbacAuthorization} means RBAC; an update never flips the model silently.
     */
    public Upserted<VaultChange> put(String subscriptionId, String resourceGroup, String name, VaultSpec spec,
                                     boolean rbacByDefault, String callerId) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new BadRequest("VaultNameNotValid", "The vault name '" + name + "' is invalid. A vault's name must be "
                    + "between 3-24 alphanumeric characters. The name must begin with a letter, end with a letter or "
                    + "digit, and not contain consecutive hyphens.");
        }
        if (spec.location() == null || spec.location().isBlank()) {
            throw new BadRequest("LocationRequired", "The location property is required for this definition.");
        }
        SubscriptionRow subscription = subscriptions.require(subscriptionId);
        long now = clock.instant().getEpochSecond();
        Upserted<VaultChange> result = store.write(tx -> {
            if (tx.resourceGroup(subscriptionId, resourceGroup).isEmpty()) {
                throw ResourceGroups.notFound(resourceGroup);
            }
            Optional<VaultRow> existing = tx.vault(name);
            if (existing.isPresent()) {
                VaultRow e = existing.get();
                boolean here = e.subscriptionId().equalsIgnoreCase(subscriptionId)
                        && e.resourceGroup().equalsIgnoreCase(resourceGroup);
                if (e.deleted()) {
                    if (!"recover".equalsIgnoreCase(spec.createMode()) || !here) {
                        throw new Conflict("ConflictError", "A vault with the same name already exists in deleted "
                                + "state. You need to either recover or purge existing key vault.");
                    }
                    VaultRow recovered = withDeletion(e, null, null);
                    tx.putVault(recovered);
                    return new Upserted<>(new VaultChange(recovered, false), true);
                }
                if (!here) {
                    throw new Conflict("VaultAlreadyExists", "The vault name '" + name + "' is already in use.");
                }
                VaultRow updated = VaultChanges.apply(e, spec, callerId, now, true);
                subnetRules.check(updated.networkAcls(), e.networkAcls());
                tx.putVault(updated);
                return new Upserted<>(changed(e, updated), false);
            }
            if ("recover".equalsIgnoreCase(spec.createMode())) {
                throw new NotFound("ResourceNotFound", "No deleted vault named '" + name + "' can be recovered.");
            }
            VaultRow created = VaultChanges.create(subscription, resourceGroup, name, spec, rbacByDefault, callerId, now);
            subnetRules.check(created.networkAcls(), null);
            tx.putVault(created);
            return new Upserted<>(new VaultChange(created, !created.accessPolicies().isEmpty()), true);
        });
        remember(result.value().vault());
        return result;
    }

    public VaultChange patch(String subscriptionId, String resourceGroup, String name, VaultSpec spec,
                             String callerId) {
        require(subscriptionId, resourceGroup, name);
        VaultChange updated = store.write(tx -> {
            VaultRow current = tx.vault(name).filter(v -> !v.deleted())
                    .orElseThrow(() -> new NotFound("ResourceNotFound", "The vault '" + name + "' was not found."));
            VaultRow next = VaultChanges.apply(current, spec, callerId, clock.instant().getEpochSecond(), false);
            subnetRules.check(next.networkAcls(), current.networkAcls());
            tx.putVault(next);
            return changed(current, next);
        });
        remember(updated.vault());
        return updated;
    }

    /** Compared inside the write, so two concurrent writes each report what they themselves changed. */
    private static VaultChange changed(VaultRow before, VaultRow after) {
        return new VaultChange(after, !after.accessPolicies().equals(before.accessPolicies()));
    }

    public VaultRow updateAccessPolicies(String subscriptionId, String resourceGroup, String name, String kind,
                                         List<AccessPolicyRow> change, String callerId) {
        VaultRow current = require(subscriptionId, resourceGroup, name);
        List<AccessPolicyRow> validated = AccessPolicyRules.validate(change, current.tenantId());
        VaultRow updated = store.write(tx -> {
            VaultRow v = tx.vault(name).filter(x -> !x.deleted()).orElseThrow();
            VaultRow next = VaultChanges.withPolicies(v, AccessPolicyRules.apply(v.accessPolicies(), kind, validated),
                    callerId, clock.instant().getEpochSecond());
            tx.putVault(next);
            return next;
        });
        remember(updated);
        return updated;
    }

    /** Soft-deletes the vault (its objects stay, unreachable, until recovery or purge). */
    public VaultRow delete(String subscriptionId, String resourceGroup, String name) {
        VaultRow vault = require(subscriptionId, resourceGroup, name);
        long now = clock.instant().getEpochSecond();
        VaultRow deleted = withDeletion(vault, now, now + vault.softDeleteRetentionInDays() * DAY);
        store.write(tx -> {
            tx.putVault(deleted);
            return null;
        });
        live.remove(name.toLowerCase(Locale.ROOT));
        return deleted;
    }

    public List<VaultRow> listDeleted(String subscriptionId) {
        return store.read(tx -> tx.vaults(subscriptionId)).stream().filter(VaultRow::deleted).toList();
    }

    public VaultRow requireDeleted(String subscriptionId, String location, String name) {
        return store.read(tx -> tx.vault(name)).filter(VaultRow::deleted)
                .filter(v -> v.subscriptionId().equalsIgnoreCase(subscriptionId))
                .filter(v -> location == null || v.location().equalsIgnoreCase(location))
                .orElseThrow(() -> new NotFound("ResourceNotFound", "The deleted vault '" + name + "' was not found."));
    }

    public void purge(String subscriptionId, String location, String name) {
        VaultRow vault = requireDeleted(subscriptionId, location, name);
        if (vault.enablePurgeProtection() && vault.scheduledPurgeAt() > clock.instant().getEpochSecond()) {
            throw new Forbidden("PurgeProtectionEnabled", "The vault '" + name + "' has purge protection enabled "
                    + "and cannot be purged before its scheduled purge date.");
        }
        purgeNow(vault);
    }

    /** Every vault of every tenant and subscription, soft-deleted ones included (for background jobs). */
    public List<VaultRow> all() {
        return store.read(tx -> {
            List<VaultRow> all = new java.util.ArrayList<>();
            for (var tenant : tx.tenants()) {
                for (SubscriptionRow s : tx.subscriptions(tenant.tenantId())) {
                    all.addAll(tx.vaults(s.subscriptionId()));
                }
            }
            return all;
        });
    }

    /** Deleted vaults whose scheduled purge date has come, across subscriptions (for the retention job). */
    public List<VaultRow> purgeDue() {
        long now = clock.instant().getEpochSecond();
        return all().stream()
                .filter(v -> v.deleted() && v.scheduledPurgeAt() != null && v.scheduledPurgeAt() <= now)
                .toList();
    }

    /** Purges a deleted vault whose retention has passed, whatever its purge protection (the retention job). */
    public void purgeExpired(String name) {
        VaultRow vault = store.read(tx -> tx.vault(name)).filter(VaultRow::deleted)
                .orElseThrow(() -> new NotFound("ResourceNotFound", "The deleted vault '" + name + "' was not found."));
        if (vault.scheduledPurgeAt() == null || vault.scheduledPurgeAt() > clock.instant().getEpochSecond()) {
            throw new Conflict("Conflict", "The vault '" + name + "' is not due for purge yet.");
        }
        purgeNow(vault);
    }

    /**
     * Asks for the versions of one kind a vault purge removes, so the engine of that kind can release what
     * lives outside the store (the keys engine destroys the HSM token objects of HSM keys).
     */
    public void releaseOnPurge(ObjectKind kind, Consumer<List<ObjectVersionRow>> releaser) {
        releasers.put(kind, releaser);
    }

    private void purgeNow(VaultRow vault) {
        // The versions are read in the purge's own transaction; they are released only once it committed, so a
        // failed purge never leaves rows pointing at destroyed token objects.
        Map<ObjectKind, List<ObjectVersionRow>> removed = store.write(tx -> {
            Map<ObjectKind, List<ObjectVersionRow>> versions = new java.util.EnumMap<>(ObjectKind.class);
            for (ObjectKind kind : releasers.keySet()) {
                versions.put(kind, allVersions(tx, vault.name(), kind));
            }
            tx.purgeVaultObjects(vault.name());
            tx.deleteVault(vault.name());
            return versions;
        });
        removed.forEach((kind, versions) -> releasers.get(kind).accept(versions));
    }

    /** Every version of every name of one kind in a vault, live or soft-deleted. */
    private static List<ObjectVersionRow> allVersions(ReadTx tx, String vault, ObjectKind kind) {
        List<String> names = new java.util.ArrayList<>();
        String after = null;
        List<ObjectVersionRow> live;
        do {
            live = tx.latestVersions(vault, kind, after, PAGE);
            live.forEach(v -> names.add(v.name()));
            after = live.isEmpty() ? null : live.get(live.size() - 1).name();
        } while (live.size() == PAGE);
        after = null;
        List<ObjectNameRow> deleted;
        do {
            deleted = tx.deletedNames(vault, kind, after, PAGE);
            deleted.forEach(n -> names.add(n.name()));
            after = deleted.isEmpty() ? null : deleted.get(deleted.size() - 1).name();
        } while (deleted.size() == PAGE);
        List<ObjectVersionRow> versions = new java.util.ArrayList<>();
        for (String name : names) {
            versions.addAll(tx.versions(vault, kind, name, 0, Integer.MAX_VALUE));
        }
        return versions;
    }

    /** True when the change would switch the vault's permission model, a privileged change of its own. */
    public boolean switchesModel(String subscriptionId, String resourceGroup, String name, VaultSpec spec) {
        return find(subscriptionId, resourceGroup, name).map(v -> VaultChanges.switchesModel(v, spec)).orElse(false);
    }

    private static VaultRow withDeletion(VaultRow v, Long deletedAt, Long purgeAt) {
        return new VaultRow(v.name(), v.subscriptionId(), v.resourceGroup(), v.location(), v.tenantId(), v.skuName(),
                v.enableRbacAuthorization(), v.enableSoftDelete(), v.softDeleteRetentionInDays(),
                v.enablePurgeProtection(), v.enabledForDeployment(), v.enabledForDiskEncryption(),
                v.enabledForTemplateDeployment(), v.publicNetworkAccess(), v.accessPolicies(), v.networkAcls(),
                v.tags(), v.createdBy(), v.createdAt(), v.updatedBy(), v.updatedAt(), deletedAt, purgeAt)
                .withMinimumTlsVersion(v.minimumTlsVersion());
    }

    private void remember(VaultRow vault) {
        if (vault.deleted()) {
            live.remove(vault.name().toLowerCase(Locale.ROOT));
        } else {
            live.put(vault.name().toLowerCase(Locale.ROOT), vault);
        }
    }
}
