package dev.coffer.directory;

import dev.coffer.crypto.SecretBytes;
import dev.coffer.error.BadRequest;
import dev.coffer.error.Conflict;
import dev.coffer.error.NotFound;
import dev.coffer.store.CredentialRow;
import dev.coffer.store.GroupMemberRow;
import dev.coffer.store.PrincipalRow;
import dev.coffer.store.Store;
import dev.coffer.store.TenantRow;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Tenants, users, groups, applications, service principals and their credentials. Principals, memberships
 * and the ids of live credentials are also kept in memory for the per-request "is this caller still allowed"
 * check; every change goes through here and refreshes them after it is committed, so disabling or deleting a
 * principal, removing a credential or a membership takes effect on the very next request.
 */
public final class Directory {

    public static final String USER = PrincipalKind.USER.azureName();
    public static final String GROUP = PrincipalKind.GROUP.azureName();
    public static final String SERVICE_PRINCIPAL = PrincipalKind.SERVICE_PRINCIPAL.azureName();
    public static final String APPLICATION = "Application";
    static final String PASSWORD_KEY = "password";
    private static final Pattern UPN = Pattern.compile("^[^@\\s]{1,64}@[A-Za-z0-9.-]{1,190}$");

    private final Store store;
    private final Clock clock;
    private final SecureRandom random;
    private final SignInThrottle throttle;
    private final Map<String, PrincipalRow> principalsById = new ConcurrentHashMap<>();
    private final ClientCredentials clientCredentials;
    private volatile Memberships memberships;

    public Directory(Store store, Clock clock, SecureRandom random) {
        this.store = store;
        this.clock = clock;
        this.random = random;
        this.throttle = new SignInThrottle(clock);
        this.clientCredentials = new ClientCredentials(store, clock, random, this);
        store.read(tx -> {
            for (TenantRow tenant : tx.tenants()) {
                for (PrincipalRow p : tx.principals(tenant.tenantId())) {
                    principalsById.put(key(p.objectId()), p);
                    tx.credentials(p.objectId()).forEach(c -> clientCredentials.remember(c.keyId()));
                }
            }
            memberships = Memberships.of(tx.groupMembers());
            return null;
        });
    }

    // ---- tenants

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

    public Map<String, String> settings(String tenantId) {
        return store.read(tx -> tx.tenantSettings(tenantId));
    }

    public void setSetting(String tenantId, String name, String value) {
        store.write(tx -> {
            tx.putTenantSetting(tenantId, name, value);
            return null;
        });
    }

    // ---- principals

    public PrincipalRow createUser(String tenantId, String upn, String displayName, SecretBytes password,
                                   boolean enabled) {
        requireTenant(tenantId);
        if (upn == null || !UPN.matcher(upn).matches()) {
            throw new BadRequest("Request_BadRequest", "userPrincipalName must look like name@domain.");
        }
        PasswordPolicy.check(password);
        PrincipalRow row = new PrincipalRow(UUID.randomUUID().toString(), tenantId, USER, null,
                displayName == null ? upn : displayName, enabled, now(), upn);
        CredentialRow credential = passwordCredential(row.objectId(), password);
        store.write(tx -> {
            if (tx.principalByUpn(tenantId, upn).isPresent()) {
                throw new Conflict("Request_BadRequest", "Another object with the same value for property "
                        + "userPrincipalName already exists.");
            }
            tx.putPrincipal(row);
            tx.putCredential(credential);
            return null;
        });
        remember(row);
        return row;
    }

    public void setPassword(String userId, SecretBytes password) {
        PrincipalRow user = require(userId, USER);
        PasswordPolicy.check(password);
        CredentialRow credential = passwordCredential(user.objectId(), password);
        store.write(tx -> {
            tx.putCredential(credential);
            tx.deleteRefreshTokens(user.objectId());
            return null;
        });
    }

    private CredentialRow passwordCredential(String objectId, SecretBytes password) {
        return new CredentialRow(objectId, PASSWORD_KEY, PasswordHasher.ALGORITHM, PasswordHasher.hash(password, random),
                null, now(), Long.MAX_VALUE);
    }

    public PrincipalRow createGroup(String tenantId, String displayName) {
        requireTenant(tenantId);
        return insert(new PrincipalRow(UUID.randomUUID().toString(), tenantId, GROUP, null, displayName, true, now()));
    }

    public PrincipalRow createApplication(String tenantId, String displayName) {
        requireTenant(tenantId);
        return insert(new PrincipalRow(UUID.randomUUID().toString(), tenantId, APPLICATION,
                UUID.randomUUID().toString(), displayName, true, now()));
    }

    /** The service principal of an application in its tenant (one per application). */
    public PrincipalRow createServicePrincipalFor(String tenantId, String appId) {
        PrincipalRow app = applicationByAppId(tenantId, appId).orElseThrow(() -> new BadRequest("Request_BadRequest",
                "No application with appId '" + appId + "' exists in this tenant."));
        if (store.read(tx -> tx.principalByAppId(tenantId, appId)).isPresent()) {
            throw new Conflict("Request_MultipleObjectsWithSameKeyValue",
                    "The application already has a service principal in this tenant.");
        }
        return insert(new PrincipalRow(UUID.randomUUID().toString(), tenantId, SERVICE_PRINCIPAL, app.appId(),
                app.displayName(), true, now()));
    }

    /** An application and its service principal in one step (used for the bootstrap administrator). */
    public PrincipalRow createServicePrincipal(String tenantId, String displayName) {
        return createServicePrincipalFor(tenantId, createApplication(tenantId, displayName).appId());
    }

    /**
     * The user a trusted external issuer's token stands for, made on its first sign-in (no credentials: it
     * can only sign in through its issuer). Kept like any user, so it can be disabled, deleted, put in
     * groups and given roles.
     */
    public PrincipalRow externalUser(String tenantId, String objectId, String displayName) {
        PrincipalRow known = principalsById.get(key(objectId));
        if (known != null) {
            return known;
        }
        synchronized (this) {
            known = principalsById.get(key(objectId));
            return known != null ? known : insert(new PrincipalRow(objectId, tenantId, USER, null, displayName, true,
                    now()));
        }
    }

    private PrincipalRow insert(PrincipalRow row) {
        store.write(tx -> {
            tx.putPrincipal(row);
            return null;
        });
        remember(row);
        return row;
    }

    public Optional<PrincipalRow> principal(String objectId) {
        return Optional.ofNullable(principalsById.get(key(objectId)));
    }

    public List<PrincipalRow> principals(String tenantId, String kind) {
        return principalsById.values().stream().filter(p -> p.tenantId().equalsIgnoreCase(tenantId))
                .filter(p -> kind == null || p.kind().equals(kind))
                .sorted(java.util.Comparator.comparing(PrincipalRow::createdAt).thenComparing(PrincipalRow::objectId))
                .toList();
    }

    public Optional<PrincipalRow> applicationByAppId(String tenantId, String appId) {
        return principals(tenantId, APPLICATION).stream().filter(a -> a.appId().equalsIgnoreCase(appId)).findFirst();
    }

    public Optional<PrincipalRow> servicePrincipalByAppId(String tenantId, String appId) {
        return principals(tenantId, SERVICE_PRINCIPAL).stream().filter(a -> a.appId().equalsIgnoreCase(appId))
                .findFirst();
    }

    public Optional<PrincipalRow> userByName(String tenantId, String upn) {
        return store.read(tx -> tx.principalByUpn(tenantId, upn));
    }

    public PrincipalRow require(String objectId, String kind) {
        return principal(objectId).filter(p -> kind == null || p.kind().equals(kind)).orElseThrow(() -> new NotFound(
                "Request_ResourceNotFound", "Resource '" + objectId + "' does not exist or one of its queried "
                        + "reference-property objects are not present."));
    }

    public PrincipalRow update(String objectId, String displayName, Boolean enabled) {
        PrincipalRow row = require(objectId, null);
        PrincipalRow changed = new PrincipalRow(row.objectId(), row.tenantId(), row.kind(), row.appId(),
                displayName == null ? row.displayName() : displayName, enabled == null ? row.enabled() : enabled,
                row.createdAt(), row.userPrincipalName());
        store.write(tx -> {
            tx.putPrincipal(changed);
            if (!changed.enabled()) {
                tx.deleteRefreshTokens(objectId);
            }
            return null;
        });
        remember(changed);
        return changed;
    }

    public PrincipalRow setEnabled(String objectId, boolean enabled) {
        return update(objectId, null, enabled);
    }

    /** Deletes a principal; deleting an application deletes its service principal too, as Graph does. */
    public void delete(String objectId) {
        PrincipalRow row = require(objectId, null);
        List<PrincipalRow> doomed = new ArrayList<>(List.of(row));
        if (APPLICATION.equals(row.kind())) {
            servicePrincipalByAppId(row.tenantId(), row.appId()).ifPresent(doomed::add);
        }
        store.write(tx -> {
            doomed.forEach(p -> tx.deletePrincipal(p.objectId()));
            return null;
        });
        for (PrincipalRow p : doomed) {
            principalsById.remove(key(p.objectId()));
        }
        refreshMembershipsAndCredentials();
    }

    private void remember(PrincipalRow row) {
        principalsById.put(key(row.objectId()), row);
    }

    // ---- credentials (kept in ClientCredentials; these are its public face)

    /** Adds a password credential and returns its text, which is never retrievable again. */
    public IssuedClientSecret addPassword(String objectId, String displayName) {
        return clientCredentials.addPassword(objectId, displayName);
    }

    public IssuedClientSecret addPassword(String objectId) {
        return addPassword(objectId, null);
    }

    /** Registers a certificate (DER) whose key may sign client assertions; returns the credential row. */
    public CredentialRow addCertificate(String objectId, byte[] der, String thumbprintHex, long expiresAt) {
        return clientCredentials.addCertificate(objectId, der, thumbprintHex, expiresAt);
    }

    public void removeCredential(String objectId, String keyId) {
        clientCredentials.remove(objectId, keyId);
    }

    /** Client credentials (password and certificate) of an application, held by its object or its SP. */
    public List<CredentialRow> clientCredentials(String tenantId, String appId) {
        return clientCredentials.of(tenantId, appId);
    }

    /** The credentials shown in Graph (client secrets and certificates; never a password or a TOTP seed). */
    public List<CredentialRow> credentials(String objectId) {
        return store.read(tx -> tx.credentials(objectId)).stream()
                .filter(c -> ClientSecretHasher.ALGORITHM.equals(c.hashAlgorithm())
                        || ClientCredentials.CERTIFICATE.equals(c.hashAlgorithm())).toList();
    }

    /**
     * Checks a client secret. Every stored, unexpired password credential is compared (constant-time each),
     * so timing says nothing about which one matched.
     */
    public Optional<ClientAuthentication> authenticateClient(String tenantId, String appId, SecretBytes presented) {
        return clientCredentials.authenticate(tenantId, appId, presented);
    }

    /** Checks a user's password, throttling repeated failures per account and per client address. */
    public PrincipalRow authenticateUser(String tenantId, String upn, SecretBytes password, String clientAddress)
            throws SignInFailed {
        if (throttle.locked(upn, clientAddress)) {
            throw new SignInFailed("AADSTS50053", "The account is locked because of too many failed sign-in "
                    + "attempts. Try again later.");
        }
        Optional<PrincipalRow> user = userByName(tenantId, upn);
        boolean ok = false;
        if (user.isPresent()) {
            Optional<CredentialRow> stored = store.read(tx -> tx.credentials(user.get().objectId())).stream()
                    .filter(c -> PASSWORD_KEY.equals(c.keyId())).findFirst();
            ok = stored.isPresent() && PasswordHasher.matches(password, stored.get().hash());
        } else {
            PasswordHasher.matches(password, null);
        }
        if (!ok) {
            throttle.failed(upn, clientAddress);
            throw new SignInFailed("AADSTS50126", "Error validating credentials due to invalid username or password.");
        }
        throttle.succeeded(upn);
        if (!user.get().enabled()) {
            throw new SignInFailed("AADSTS50057", "The user account is disabled.");
        }
        return principalsById.getOrDefault(key(user.get().objectId()), user.get());
    }

    /** The sign-in throttle, shared by every factor (passwords, one-time codes). */
    SignInThrottle throttle() {
        return throttle;
    }

    public boolean credentialActive(String keyId) {
        return clientCredentials.active(keyId);
    }

    // ---- groups

    public void addMember(String groupId, String memberId) {
        PrincipalRow group = require(groupId, GROUP);
        PrincipalRow member = require(memberId, null);
        if (APPLICATION.equals(member.kind()) || !member.tenantId().equalsIgnoreCase(group.tenantId())) {
            throw new BadRequest("Request_BadRequest", "Only users, groups and service principals of the same "
                    + "tenant can be members.");
        }
        store.write(tx -> {
            tx.putGroupMember(new GroupMemberRow(group.objectId(), member.objectId()));
            return null;
        });
        refreshMembershipsAndCredentials();
    }

    public void removeMember(String groupId, String memberId) {
        require(groupId, GROUP);
        store.write(tx -> {
            tx.deleteGroupMember(groupId, memberId);
            return null;
        });
        refreshMembershipsAndCredentials();
    }

    public List<PrincipalRow> members(String groupId) {
        return memberships.members(groupId).stream().map(this::principal).flatMap(Optional::stream).toList();
    }

    public Set<String> transitiveGroups(String objectId) {
        return memberships.transitiveGroups(objectId);
    }

    private void refreshMembershipsAndCredentials() {
        memberships = Memberships.of(store.read(tx -> tx.groupMembers()));
    }

    /** The caller as authorization sees it (with its groups), if it still exists and is enabled. */
    public Optional<Principal> activePrincipal(String tenantId, String objectId) {
        PrincipalRow row = principalsById.get(key(objectId));
        if (row == null || !row.enabled() || !row.tenantId().equalsIgnoreCase(tenantId)
                || APPLICATION.equals(row.kind()) || GROUP.equals(row.kind())) {
            return Optional.empty();
        }
        return Optional.of(new Principal(row.tenantId(), row.objectId(), row.appId(),
                PrincipalKind.fromAzureName(row.kind()), row.displayName(), memberships.transitiveGroups(objectId),
                List.of(), row.userPrincipalName()));
    }

    private void requireTenant(String tenantId) {
        if (store.read(tx -> tx.tenant(tenantId)).isEmpty()) {
            throw new BadRequest("InvalidTenant", "Tenant '" + tenantId + "' does not exist.");
        }
    }

    private static String key(String id) {
        return id.toLowerCase(Locale.ROOT);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
