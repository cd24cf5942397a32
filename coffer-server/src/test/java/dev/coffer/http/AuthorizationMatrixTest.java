package dev.coffer.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.authz.Authorizer;
import dev.coffer.authz.BuiltInRoles;
import dev.coffer.authz.RoleAssignments;
import dev.coffer.authz.RoleDefinition;
import dev.coffer.authz.Scope;
import dev.coffer.core.Operation;
import dev.coffer.core.Target;
import dev.coffer.directory.Principal;
import dev.coffer.directory.PrincipalKind;
import dev.coffer.store.Store;
import dev.coffer.store.VaultRow;
import dev.coffer.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every management and data operation × every built-in role × the scope of the assignment (subscription,
 * resource group, vault, object, sibling object, other vault), decided by the real Authorizer over the real
 * operation table. The expectations below are written from Azure's published role definitions, not from the
 * code: which operations each role may perform, and which assignment scopes cover which targets.
 */
class AuthorizationMatrixTest {

    private static final String SUB = "11111111-2222-3333-4444-555555555555";
    private static final String TENANT = "99999999-8888-7777-6666-555555555555";
    private static final String VAULT = Scope.vault(SUB, "rg", "v1");

    /** Where an operation's target lies; an assignment covers it when the assignment is at or above it. */
    enum Level { SUBSCRIPTION, RESOURCE_GROUP, VAULT, OBJECT }

    /** Where an assignment is made. */
    enum AssignedAt { SUBSCRIPTION, RESOURCE_GROUP, VAULT, OBJECT, SIBLING_OBJECT, OTHER_VAULT }

    record Op(Operation operation, Level level) {
    }

    private static final List<Op> MANAGEMENT = List.of(
            new Op(ResourceRoutes.SUBSCRIPTION_GET, Level.SUBSCRIPTION),
            new Op(ResourceRoutes.RG_GET, Level.RESOURCE_GROUP),
            new Op(ResourceRoutes.RG_PUT, Level.RESOURCE_GROUP),
            new Op(ResourceRoutes.RG_DELETE, Level.RESOURCE_GROUP),
            new Op(VaultRoutes.GET, Level.VAULT),
            new Op(VaultRoutes.PUT, Level.VAULT),
            new Op(VaultRoutes.DELETE, Level.VAULT),
            new Op(VaultRoutes.ACCESS_POLICIES, Level.VAULT),
            new Op(VaultRoutes.DELETED_LIST, Level.SUBSCRIPTION),
            new Op(VaultRoutes.PURGE, Level.SUBSCRIPTION),
            new Op(RoleRoutes.ASSIGNMENT_GET, Level.VAULT),
            new Op(RoleRoutes.ASSIGNMENT_LIST, Level.VAULT),
            new Op(RoleRoutes.ASSIGNMENT_PUT, Level.VAULT),
            new Op(RoleRoutes.ASSIGNMENT_DELETE, Level.VAULT));

    private static final List<Op> DATA = List.of(
            new Op(SecretRoutes.GET, Level.OBJECT), new Op(SecretRoutes.SET, Level.OBJECT),
            new Op(SecretRoutes.UPDATE, Level.OBJECT), new Op(SecretRoutes.DELETE, Level.OBJECT),
            new Op(SecretRoutes.LIST, Level.VAULT), new Op(SecretRoutes.LIST_VERSIONS, Level.OBJECT),
            new Op(SecretRoutes.LIST_DELETED, Level.VAULT), new Op(SecretRoutes.GET_DELETED, Level.OBJECT),
            new Op(SecretRoutes.RECOVER, Level.OBJECT), new Op(SecretRoutes.PURGE, Level.OBJECT),
            new Op(SecretRoutes.BACKUP, Level.OBJECT), new Op(SecretRoutes.RESTORE, Level.VAULT));

    private static final Set<String> ALL_MANAGEMENT = Set.of("SubscriptionGet", "ResourceGroupGet", "ResourceGroupPut",
            "ResourceGroupDelete", "VaultGet", "VaultPut", "VaultDelete", "VaultAccessPolicyUpdate", "DeletedVaultList",
            "DeletedVaultPurge", "RoleAssignmentGet", "RoleAssignmentList", "RoleAssignmentPut", "RoleAssignmentDelete");
    private static final Set<String> READS = Set.of("SubscriptionGet", "ResourceGroupGet", "VaultGet",
            "DeletedVaultList", "RoleAssignmentGet", "RoleAssignmentList");
    /** The management reach of the "KV-base" action bundle shared by the Key Vault data roles. */
    private static final Set<String> KV_BASE = Set.of("ResourceGroupGet", "DeletedVaultList", "RoleAssignmentGet",
            "RoleAssignmentList");
    private static final Set<String> ALL_SECRETS = Set.of("SecretGet", "SecretSet", "SecretUpdate", "SecretDelete",
            "SecretList", "SecretListVersions", "SecretListDeleted", "SecretGetDeleted", "SecretRecover",
            "SecretPurge", "SecretBackup", "SecretRestore");
    private static final Set<String> SECRET_METADATA = Set.of("SecretList", "SecretListVersions", "SecretListDeleted",
            "SecretGetDeleted");

    /** What each built-in role may do, per Azure's published definitions. */
    private static final Map<String, Set<String>> EXPECTED = Map.ofEntries(
            Map.entry("Owner", ALL_MANAGEMENT),
            Map.entry("Contributor", minus(ALL_MANAGEMENT, "RoleAssignmentPut", "RoleAssignmentDelete")),
            Map.entry("Reader", READS),
            Map.entry("User Access Administrator", plus(READS, "RoleAssignmentPut", "RoleAssignmentDelete")),
            Map.entry("Key Vault Administrator", union(KV_BASE, ALL_SECRETS)),
            Map.entry("Key Vault Reader", union(KV_BASE, SECRET_METADATA)),
            Map.entry("Key Vault Contributor", Set.of("ResourceGroupGet", "VaultGet", "VaultPut", "VaultDelete",
                    "VaultAccessPolicyUpdate", "DeletedVaultList", "RoleAssignmentGet", "RoleAssignmentList")),
            Map.entry("Key Vault Secrets Officer", union(KV_BASE, ALL_SECRETS)),
            Map.entry("Key Vault Secrets User", plus(SECRET_METADATA, "SecretGet")),
            Map.entry("Key Vault Crypto Officer", KV_BASE),
            Map.entry("Key Vault Crypto User", Set.of()),
            Map.entry("Key Vault Crypto Service Encryption User", Set.of()),
            Map.entry("Key Vault Crypto Service Release User", Set.of()),
            Map.entry("Key Vault Certificates Officer", KV_BASE),
            Map.entry("Key Vault Certificate User", plus(SECRET_METADATA, "SecretGet")),
            // Its role-assignment writes and deletes are conditional; here they concern a Key Vault data role.
            Map.entry("Key Vault Data Access Administrator", Set.of("SubscriptionGet", "ResourceGroupGet",
                    "RoleAssignmentGet", "RoleAssignmentList", "RoleAssignmentPut", "RoleAssignmentDelete")));

    @TempDir
    static Path dir;

    static Store store;
    static RoleAssignments assignments;
    static Authorizer authorizer;
    static VaultRow vault;

    @BeforeAll
    static void open() {
        store = SqliteStore.open(dir.resolve("matrix.db"));
        assignments = new RoleAssignments(store, Clock.systemUTC());
        authorizer = new Authorizer(assignments, Clock.systemUTC());
        vault = new VaultRow("v1", SUB, "rg", "local", TENANT, "standard", true, true, 90, false, false, false,
                false, "Enabled", List.of(), null, Map.of(), "x", 0, "x", 0, null, null);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static String scopeOf(AssignedAt at) {
        return switch (at) {
            case SUBSCRIPTION -> Scope.subscription(SUB);
            case RESOURCE_GROUP -> Scope.resourceGroup(SUB, "rg");
            case VAULT -> VAULT;
            case OBJECT -> VAULT + "/secrets/s1";
            case SIBLING_OBJECT -> VAULT + "/secrets/s2";
            case OTHER_VAULT -> Scope.vault(SUB, "rg", "v2");
        };
    }

    private static String targetOf(Level level) {
        return switch (level) {
            case SUBSCRIPTION -> Scope.subscription(SUB);
            case RESOURCE_GROUP -> Scope.resourceGroup(SUB, "rg");
            case VAULT -> VAULT;
            case OBJECT -> VAULT + "/secrets/s1";
        };
    }

    private static boolean covers(AssignedAt at, Level target) {
        return switch (at) {
            case SUBSCRIPTION -> true;
            case RESOURCE_GROUP -> target != Level.SUBSCRIPTION;
            case VAULT -> target == Level.VAULT || target == Level.OBJECT;
            case OBJECT -> target == Level.OBJECT;
            case SIBLING_OBJECT, OTHER_VAULT -> false;
        };
    }

    @Test
    void everyOperationTimesEveryBuiltInRoleTimesEveryScope() {
        assertThat(EXPECTED.keySet()).containsExactlyInAnyOrderElementsOf(
                BuiltInRoles.all().values().stream().map(RoleDefinition::roleName).toList());
        List<String> mismatches = new ArrayList<>();
        int decisions = 0;
        for (RoleDefinition role : BuiltInRoles.all().values()) {
            for (AssignedAt at : AssignedAt.values()) {
                String principalId = UUID.randomUUID().toString();
                assignments.create(UUID.randomUUID().toString(), scopeOf(at), role.resourceId(), principalId,
                        "ServicePrincipal", null, "matrix");
                Principal caller = new Principal(TENANT, principalId, null, PrincipalKind.SERVICE_PRINCIPAL, "p",
                        Set.of());
                List<Op> ops = new ArrayList<>(MANAGEMENT);
                ops.addAll(DATA);
                for (Op op : ops) {
                    Target target = Target.inVault(targetOf(op.level()), vault)
                            .with(Target.ROLE_DEFINITION_ID, BuiltInRoles.byName("Key Vault Secrets User").resourceId());
                    boolean allowed = authorizer.decide(caller, op.operation().action(), target.scope(), vault, null,
                            target.attributes()).allowed();
                    boolean expected = EXPECTED.get(role.roleName()).contains(op.operation().name())
                            && covers(at, op.level());
                    decisions++;
                    if (allowed != expected) {
                        mismatches.add(role.roleName() + " @ " + at + " : " + op.operation().name() + " expected "
                                + (expected ? "allow" : "deny") + " but was " + (allowed ? "allow" : "deny"));
                    }
                }
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(decisions).isEqualTo(16 * 6 * 26);
    }

    @Test
    void dataAccessAdministratorMayAssignOnlyKeyVaultDataRoles() {
        String principalId = UUID.randomUUID().toString();
        assignments.create(UUID.randomUUID().toString(), VAULT,
                BuiltInRoles.byName("Key Vault Data Access Administrator").resourceId(), principalId,
                "ServicePrincipal", null, "matrix");
        Principal caller = new Principal(TENANT, principalId, null, PrincipalKind.SERVICE_PRINCIPAL, "p", Set.of());
        for (String role : List.of("Key Vault Administrator", "Key Vault Secrets User", "Key Vault Reader",
                "Key Vault Crypto User", "Key Vault Certificates Officer")) {
            assertThat(decide(caller, role)).as(role).isTrue();
        }
        for (String role : List.of("Owner", "Contributor", "User Access Administrator", "Key Vault Data Access "
                + "Administrator", "Key Vault Certificate User", "Key Vault Crypto Service Release User")) {
            assertThat(decide(caller, role)).as(role).isFalse();
        }
        assertThat(authorizer.decide(caller, RoleRoutes.ASSIGNMENT_PUT.action(), VAULT, null).allowed())
                .as("without the fact, the conditional grant does not apply").isFalse();
    }

    private static boolean decide(Principal caller, String roleName) {
        return authorizer.decide(caller, RoleRoutes.ASSIGNMENT_PUT.action(), VAULT, null, null,
                Map.of(Target.ROLE_DEFINITION_ID, BuiltInRoles.byName(roleName).resourceId())).allowed();
    }

    private static Set<String> minus(Set<String> base, String... removed) {
        Set<String> out = new java.util.HashSet<>(base);
        out.removeAll(List.of(removed));
        return Set.copyOf(out);
    }

    private static Set<String> plus(Set<String> base, String... added) {
        Set<String> out = new java.util.HashSet<>(base);
        out.addAll(List.of(added));
        return Set.copyOf(out);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new java.util.HashSet<>(a);
        out.addAll(b);
        return Set.copyOf(out);
    }
}
