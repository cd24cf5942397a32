package dev.coffer.directory;

import dev.coffer.crypto.SecretBytes;
import dev.coffer.error.BadRequest;
import dev.coffer.error.NotFound;
import dev.coffer.store.CredentialRow;
import dev.coffer.store.PrincipalRow;
import dev.coffer.store.Store;
import dev.coffer.store.TenantRow;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tenants, principals and their credentials. Principals are cached in memory for the per-request
 * "is this caller still enabled" check; every change goes through here and refreshes the cache, so a
 * disabled or deleted principal is refused on its very next request.
 */
public final class Directory {

    private static final Duration DEFAULT_SECRET_LIFETIME = Duration.ofDays(365 * 2);

    private final Store store;
    private final Clock clock;
    private final SecureRandom random;
    private final Map<String, PrincipalRow> principalsById = new ConcurrentHashMap<>();

    public Directory(Store store, Clock clock, SecureRandom random) {
        this.store = store;
        this.clock = clock;
        this.random = random;
        store.read(tx -> {
            for (TenantRow tenant : tx.tenants()) {
                tx.principals(tenant.tenantId()).forEach(p -> principalsById.put(p.objectId(), p));
            }
            return null;
        });
    }

    public TenantRow createTenant(String displayName) {
        TenantRow tenant = new TenantRow(UUID.randomUUID().toString(), displayName, now());
        store.write(tx -> {
            tx.putTenant(tenant);
            return null;
        });
        return tenant;
    }

    public Optional<TenantRow> tenant(String tenantId) {
        return store.read(tx -> tx.tenant(tenantId));
    }

    public List<TenantRow> tenants() {
        return store.read(tx -> tx.tenants());
    }

    /** Creates an application's service principal; its application id is distinct from its object id. */
    public PrincipalRow createServicePrincipal(String tenantId, String displayName) {
        requireTenant(tenantId);
        PrincipalRow row = new PrincipalRow(UUID.randomUUID().toString(), tenantId,
                PrincipalKind.SERVICE_PRINCIPAL.azureName(), UUID.randomUUID().toString(), displayName, true, now());
        store.write(tx -> {
            tx.putPrincipal(row);
            return null;
        });
        principalsById.put(row.objectId(), row);
        return row;
    }

    /** Adds a password credential and returns its text, which is never retrievable again. */
    public IssuedClientSecret addPassword(String objectId) {
        PrincipalRow principal = principalsById.get(objectId);
        if (principal == null) {
            throw new NotFound("Request_ResourceNotFound", "Principal '" + objectId + "' does not exist.");
        }
        byte[] raw = new byte[30];
        random.nextBytes(raw);
        String text = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        String keyId = UUID.randomUUID().toString();
        SecretBytes secret = SecretBytes.ofUtf8(text);
        long created = now();
        long expires = created + DEFAULT_SECRET_LIFETIME.toSeconds();
        CredentialRow row = new CredentialRow(objectId, keyId, ClientSecretHasher.ALGORITHM,
                ClientSecretHasher.hash(keyId, secret), text.substring(0, 3), created, expires);
        store.write(tx -> {
            tx.putCredential(row);
            return null;
        });
        return new IssuedClientSecret(keyId, row.hint(), secret, expires);
    }

    /**
     * Checks a client secret for the application in the tenant. Every stored, unexpired credential is
     * compared (constant-time each), so timing says nothing about which one matched.
     */
    public Optional<PrincipalRow> authenticateClient(String tenantId, String appId, SecretBytes presented) {
        Optional<PrincipalRow> principal = store.read(tx -> tx.principalByAppId(tenantId, appId));
        if (principal.isEmpty() || !principal.get().enabled()) {
            return Optional.empty();
        }
        List<CredentialRow> credentials = store.read(tx -> tx.credentials(principal.get().objectId()));
        long now = now();
        boolean matched = false;
        for (CredentialRow credential : credentials) {
            if (ClientSecretHasher.ALGORITHM.equals(credential.hashAlgorithm())
                    && credential.expiresAt() > now
                    && ClientSecretHasher.matches(credential.keyId(), presented, credential.hash())) {
                matched = true;
            }
        }
        return matched ? principal : Optional.empty();
    }

    /** The caller as authorization sees it, if it still exists and is enabled. */
    public Optional<Principal> activePrincipal(String tenantId, String objectId) {
        PrincipalRow row = principalsById.get(objectId);
        if (row == null || !row.enabled() || !row.tenantId().equalsIgnoreCase(tenantId)) {
            return Optional.empty();
        }
        return Optional.of(new Principal(row.tenantId(), row.objectId(), row.appId(),
                PrincipalKind.fromAzureName(row.kind()), row.displayName(), Set.of()));
    }

    public Optional<PrincipalRow> principal(String objectId) {
        return Optional.ofNullable(principalsById.get(objectId));
    }

    public PrincipalRow setEnabled(String objectId, boolean enabled) {
        PrincipalRow row = principal(objectId).orElseThrow(
                () -> new NotFound("Request_ResourceNotFound", "Principal '" + objectId + "' does not exist."));
        PrincipalRow changed = new PrincipalRow(row.objectId(), row.tenantId(), row.kind(), row.appId(),
                row.displayName(), enabled, row.createdAt());
        store.write(tx -> {
            tx.putPrincipal(changed);
            return null;
        });
        principalsById.put(objectId, changed);
        return changed;
    }

    private void requireTenant(String tenantId) {
        if (store.read(tx -> tx.tenant(tenantId)).isEmpty()) {
            throw new BadRequest("InvalidTenant", "Tenant '" + tenantId + "' does not exist.");
        }
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
