package dev.coffer.bench;

import dev.coffer.authz.Actions;
import dev.coffer.authz.Authorizer;
import dev.coffer.authz.BuiltInRoles;
import dev.coffer.authz.Decision;
import dev.coffer.authz.RoleAssignments;
import dev.coffer.authz.Scope;
import dev.coffer.directory.Principal;
import dev.coffer.directory.PrincipalKind;
import dev.coffer.store.RoleAssignmentRow;
import dev.coffer.store.Store;
import dev.coffer.store.VaultRow;
import dev.coffer.store.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A decision in a directory of 1,000 groups with 10,000 role assignments (spread over principals, groups and
 * scopes of 100 vaults); the caller is in 20 groups and is granted only through the last of them.
 * {@code cachedDecision} is the steady state (the assignment index is built); {@code uncachedDecision} pays
 * for rebuilding the index from the store first, as the first decision after any change does.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AccessModelBench {

    private static final String SUB = UUID.randomUUID().toString();
    private static final String TENANT = UUID.randomUUID().toString();

    private Path dir;
    private Store store;
    private RoleAssignments assignments;
    private Authorizer authorizer;
    private Principal caller;
    private String scope;
    private VaultRow vault;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("coffer-access-bench");
        store = SqliteStore.open(dir.resolve("bench.db"));
        Random random = new Random(42);
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            groups.add(UUID.randomUUID().toString());
        }
        String[] roles = BuiltInRoles.all().values().stream().map(r -> r.resourceId()).toArray(String[]::new);
        List<RoleAssignmentRow> rows = new ArrayList<>();
        for (int i = 0; i < 9_999; i++) {
            String principal = i % 2 == 0 ? groups.get(random.nextInt(groups.size())) : UUID.randomUUID().toString();
            String scopeOf = Scope.vault(SUB, "rg", "v" + random.nextInt(100));
            rows.add(new RoleAssignmentRow(UUID.randomUUID().toString(), scopeOf, roles[random.nextInt(roles.length)],
                    principal, "Group", null, "bench", 0, null, null));
        }
        Set<String> callerGroups = new HashSet<>(groups.subList(0, 19));
        String grantingGroup = UUID.randomUUID().toString();
        callerGroups.add(grantingGroup);
        rows.add(new RoleAssignmentRow(UUID.randomUUID().toString(), Scope.vault(SUB, "rg", "target"),
                BuiltInRoles.byName("Key Vault Secrets User").resourceId(), grantingGroup, "Group", null, "bench", 0,
                null, null));
        store.write(tx -> {
            rows.forEach(tx::putRoleAssignment);
            return null;
        });
        assignments = new RoleAssignments(store, Clock.systemUTC());
        authorizer = new Authorizer(assignments, Clock.systemUTC());
        caller = new Principal(TENANT, UUID.randomUUID().toString(), null, PrincipalKind.USER, "caller", callerGroups);
        scope = Scope.vault(SUB, "rg", "target") + "/secrets/s";
        vault = new VaultRow("target", SUB, "rg", "local", TENANT, "standard", true, true, 90, false, false, false,
                false, "Enabled", List.of(), null, Map.of(), "x", 0, "x", 0, null, null);
        if (!cachedDecision().allowed()) {
            throw new IllegalStateException("the caller should be allowed through its group");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        store.close();
    }

    @org.openjdk.jmh.annotations.Benchmark
    public Decision cachedDecision() {
        return authorizer.decide(caller, Actions.SECRETS_GET, scope, vault);
    }

    @org.openjdk.jmh.annotations.Benchmark
    public Decision uncachedDecision() {
        assignments.refresh();
        return authorizer.decide(caller, Actions.SECRETS_GET, scope, vault);
    }
}
