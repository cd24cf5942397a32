package dev.coffer.server;

import dev.coffer.authz.DirectoryRoles;
import dev.coffer.barrier.Barrier;
import dev.coffer.core.Dispatcher;
import dev.coffer.directory.Directory;
import dev.coffer.directory.TotpAuthenticators;
import dev.coffer.graph.AuthenticationMethodRoutes;
import dev.coffer.graph.FederatedIssuerRoutes;
import dev.coffer.graph.GraphRoutes;
import dev.coffer.graph.SigningKeyRoutes;
import dev.coffer.graph.TenantPolicyRoutes;
import dev.coffer.http.BearerAuthenticator;
import dev.coffer.http.ManagementRoute;
import dev.coffer.http.Router;
import dev.coffer.http.SignInPages;
import dev.coffer.http.TokenEndpoints;
import dev.coffer.identity.Audiences;
import dev.coffer.identity.Endpoints;
import dev.coffer.identity.FederatedIssuers;
import dev.coffer.identity.FederatedTokens;
import dev.coffer.identity.InteractiveSignIn;
import dev.coffer.identity.RedirectUris;
import dev.coffer.identity.SigningKeys;
import dev.coffer.identity.TokenIssuer;
import dev.coffer.identity.TokenService;
import dev.coffer.identity.TokenValidator;
import dev.coffer.store.Store;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The identity side of the composition root, kept out of {@link CofferServer} so that file stays about
 * wiring planes: the token service and its sign-in pages, TOTP authenticators, the bearer-token check of
 * every plane, the Graph-shaped directory routes, and the background job that rotates signing keys.
 */
final class IdentityServices implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IdentityServices.class);
    /** How often the key job looks; keys change on the scale of days, a minute is plenty precise. */
    private static final Duration MAINTENANCE_INTERVAL = Duration.ofMinutes(1);

    private final TokenEndpoints tokenEndpoints;
    private final BearerAuthenticator authenticator;
    private final Directory directory;
    private final DirectoryRoles directoryRoles;
    private final TotpAuthenticators authenticators;
    private final RedirectUris redirectUris;
    private final SigningKeys signingKeys;
    private final String homeTenant;
    private final ScheduledExecutorService keyRotation;
    private final FederatedIssuers federatedIssuers;

    private IdentityServices(TokenEndpoints tokenEndpoints, BearerAuthenticator authenticator, Directory directory,
                             DirectoryRoles directoryRoles, TotpAuthenticators authenticators,
                             RedirectUris redirectUris, SigningKeys signingKeys, String homeTenant,
                             ScheduledExecutorService keyRotation, FederatedIssuers federatedIssuers) {
        this.federatedIssuers = federatedIssuers;
        this.signingKeys = signingKeys;
        this.homeTenant = homeTenant;
        this.keyRotation = keyRotation;
        this.tokenEndpoints = tokenEndpoints;
        this.authenticator = authenticator;
        this.directory = directory;
        this.directoryRoles = directoryRoles;
        this.authenticators = authenticators;
        this.redirectUris = redirectUris;
    }

    static IdentityServices create(Store store, Barrier barrier, Clock clock, SecureRandom random, Directory directory,
                                   DirectoryRoles directoryRoles, SigningKeys signingKeys, TokenIssuer issuer,
                                   TokenValidator validator, Audiences audiences, Endpoints endpoints,
                                   String homeTenant, Dispatcher dispatcher) {
        TotpAuthenticators authenticators = new TotpAuthenticators(directory, store, barrier, clock, random);
        RedirectUris redirectUris = new RedirectUris(directory);
        TokenService tokenService = new TokenService(directory, issuer, audiences, endpoints, homeTenant, store, random,
                clock);
        InteractiveSignIn signIn = new InteractiveSignIn(tokenService, directory, authenticators, redirectUris, clock,
                random);
        TokenEndpoints tokenEndpoints = new TokenEndpoints(endpoints, signingKeys, tokenService, dispatcher,
                new SignInPages(signIn, directory, dispatcher));
        FederatedIssuers federatedIssuers = new FederatedIssuers(directory, new HttpKeySetFetcher());
        BearerAuthenticator authenticator = new BearerAuthenticator(validator, directory,
                new FederatedTokens(federatedIssuers, clock), endpoints.serviceBase() + "/");
        // A key that left the JWKS must not keep validating from the cache.
        signingKeys.onRemoval(validator::forgetAll);
        ScheduledExecutorService keyRotation = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("coffer-signing-keys").daemon(true).factory());
        long every = MAINTENANCE_INTERVAL.toSeconds();
        keyRotation.scheduleWithFixedDelay(() -> maintain(signingKeys), every, every, TimeUnit.SECONDS);
        return new IdentityServices(tokenEndpoints, authenticator, directory, directoryRoles, authenticators,
                redirectUris, signingKeys, homeTenant, keyRotation, federatedIssuers);
    }

    /**
     * How long each signing key signs: {@code COFFER_SIGNING_KEY_LIFETIME} (ISO-8601, e.g. {@code P30D} or
     * {@code PT12H}), default 30 days. The next key is published a tenth of that before it takes over.
     */
    static Duration signingKeyLifetime() {
        String configured = System.getenv("COFFER_SIGNING_KEY_LIFETIME");
        if (configured == null || configured.isBlank()) {
            return SigningKeys.DEFAULT_SIGNING_LIFETIME;
        }
        Duration d = Duration.parse(configured.strip());
        if (d.compareTo(Duration.ofMinutes(10)) < 0) {
            throw new IllegalArgumentException("COFFER_SIGNING_KEY_LIFETIME must be at least PT10M");
        }
        return d;
    }

    private static void maintain(SigningKeys keys) {
        try {
            keys.maintain();
        } catch (RuntimeException e) {
            // The next run tries again; the current key keeps signing meanwhile.
            LOG.warn("signing key maintenance failed: {}", e.getClass().getName());
        }
    }

    TokenEndpoints tokenEndpoints() {
        return tokenEndpoints;
    }

    BearerAuthenticator authenticator() {
        return authenticator;
    }

    /** The Graph-shaped directory: principals, credentials, roles, tenant policy, authenticators. */
    void registerGraph(Router<ManagementRoute> graphRoutes) {
        new GraphRoutes(directory, directoryRoles, redirectUris).register(graphRoutes);
        new TenantPolicyRoutes(directory).register(graphRoutes);
        new AuthenticationMethodRoutes(directory, authenticators).register(graphRoutes);
        new SigningKeyRoutes(signingKeys, homeTenant).register(graphRoutes);
        new FederatedIssuerRoutes(federatedIssuers).register(graphRoutes);
    }

    @Override
    public void close() {
        keyRotation.shutdownNow();
    }
}
