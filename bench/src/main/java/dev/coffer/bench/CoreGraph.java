package dev.coffer.bench;

import dev.coffer.authz.Authorizer;
import dev.coffer.authz.DirectoryRoles;
import dev.coffer.authz.RoleAssignments;
import dev.coffer.authz.Scope;
import dev.coffer.barrier.Barrier;
import dev.coffer.barrier.FileRootKey;
import dev.coffer.bootstrap.Installation;
import dev.coffer.directory.Directory;
import dev.coffer.directory.Principal;
import dev.coffer.identity.Audiences;
import dev.coffer.identity.Endpoints;
import dev.coffer.identity.SigningKeys;
import dev.coffer.identity.TokenIssuer;
import dev.coffer.identity.TokenService;
import dev.coffer.identity.TokenValidator;
import dev.coffer.resources.ResourceGroups;
import dev.coffer.resources.Subscriptions;
import dev.coffer.resources.VaultSpec;
import dev.coffer.resources.Vaults;
import dev.coffer.secrets.SecretService;
import dev.coffer.store.VaultRow;
import dev.coffer.store.sqlite.SqliteStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Coffer's core object graph built the way {@code CofferServer.start} builds it, minus Jetty: a SQLite store
 * in a temporary directory, the barrier under a file root key, the directory with a bootstrapped tenant,
 * subscription and administrator (Owner + Key Vault Administrator at the subscription), the token service,
 * and one RBAC vault. For JMH states; {@link #close()} deletes the directory.
 */
public final class CoreGraph implements AutoCloseable {

    public static final String RESOURCE_GROUP = "bench-rg";
    public static final String VAULT = "bench";

    public final Path dir;
    public final Clock clock = Clock.systemUTC();
    public final SecureRandom random = new SecureRandom();
    public final SqliteStore store;
    public final Barrier barrier;
    public final Directory directory;
    public final Endpoints endpoints;
    public final Audiences audiences;
    public final SigningKeys signingKeys;
    public final TokenIssuer issuer;
    public final TokenValidator validator;
    public final Subscriptions subscriptions;
    public final Vaults vaults;
    public final RoleAssignments assignments;
    public final Authorizer authorizer;
    public final TokenService tokenService;
    public final SecretService secrets;
    public final Installation.FirstStart first;
    public final String clientSecret;
    public final Principal admin;
    public final VaultRow vault;

    private CoreGraph(Path dir) {
        this.dir = dir;
        this.store = SqliteStore.open(dir.resolve("coffer.db"));
        this.barrier = Barrier.open(store, FileRootKey.loadOrCreate(dir.resolve("root.key"), random), random, clock);
        this.directory = new Directory(store, clock, random);
        this.endpoints = Endpoints.of("localhost", 8443, "vault.localhost");
        this.audiences = new Audiences(endpoints);
        this.signingKeys = new SigningKeys(store, barrier, clock);
        this.issuer = new TokenIssuer(signingKeys, endpoints, clock);
        this.validator = new TokenValidator(signingKeys, endpoints, audiences, clock);
        this.subscriptions = new Subscriptions(store, clock);
        this.vaults = new Vaults(store, subscriptions, clock);
        ResourceGroups groups = new ResourceGroups(store, vaults, clock);
        this.assignments = new RoleAssignments(store, clock);
        DirectoryRoles directoryRoles = new DirectoryRoles(directory);
        this.first = Installation.bootstrap(directory, subscriptions, assignments, directoryRoles);
        this.clientSecret = first.secret().secretText().revealUtf8();
        String home = first.tenant().tenantId();
        this.authorizer = new Authorizer(assignments, directoryRoles, clock);
        this.tokenService = new TokenService(directory, issuer, audiences, endpoints, home, store, random, clock);
        this.secrets = new SecretService(store, barrier, clock, random);
        this.admin = directory.activePrincipal(home, first.administrator().objectId()).orElseThrow();
        String sub = first.subscription().subscriptionId();
        groups.createOrUpdate(sub, RESOURCE_GROUP, "local", Map.of());
        VaultSpec spec = new VaultSpec("local", Map.of(), home, "A", "standard", true, true, 7, false, false, false,
                false, null, List.of(), null, null);
        this.vault = vaults.put(sub, RESOURCE_GROUP, VAULT, spec, true, admin.objectId()).value().vault();
    }

    public static CoreGraph create() throws IOException {
        return new CoreGraph(Files.createTempDirectory("coffer-jmh-"));
    }

    /** The ARM scope of a secret in the bench vault, as the data plane passes it to the Authorizer. */
    public String secretScope(String name) {
        return Scope.vault(first.subscription().subscriptionId(), RESOURCE_GROUP, VAULT) + "/secrets/" + name;
    }

    /** What a client-credentials token of the bootstrap administrator is issued for. */
    public TokenIssuer.Subject adminSubject() {
        return new TokenIssuer.Subject(admin, admin.appId(), null, List.of("pwd"), null);
    }

    /** The data plane's audience, as a client asks for it in {@code scope}. */
    public String dataAudience() {
        return endpoints.vaultResource();
    }

    @Override
    public void close() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
