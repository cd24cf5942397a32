package dev.coffer.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.barrier.Barrier;
import dev.coffer.barrier.FileRootKey;
import dev.coffer.directory.Principal;
import dev.coffer.directory.PrincipalKind;
import dev.coffer.store.Store;
import dev.coffer.store.sqlite.SqliteStore;
import dev.coffer.testkit.SettableClock;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scheduled rotation with a clock the test moves: the next key is published before it signs, old tokens keep
 * validating until they expire, and a removed key's tokens fail at once although their validation was cached.
 */
class SigningKeyRotationTest {

    private static final Duration LIFETIME = Duration.ofDays(10);

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private Store store;
    private SigningKeys keys;
    private TokenIssuer issuer;
    private TokenValidator validator;

    @BeforeEach
    void setUp() {
        store = SqliteStore.open(dir.resolve("keys.db"));
        SecureRandom random = new SecureRandom();
        Barrier barrier = Barrier.open(store, FileRootKey.loadOrCreate(dir.resolve("root.key"), random), random, clock);
        keys = new SigningKeys(store, barrier, clock, LIFETIME);
        Endpoints endpoints = Endpoints.of("localhost", 8443, "vault.localhost");
        issuer = new TokenIssuer(keys, endpoints, clock);
        validator = new TokenValidator(keys, endpoints, new Audiences(endpoints), clock);
        keys.onRemoval(validator::forgetAll);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private String token() {
        Principal p = new Principal("t1", "00000000-0000-0000-0000-0000000000a1", "app", PrincipalKind.SERVICE_PRINCIPAL,
                "app", Set.of());
        return issuer.issue(new TokenIssuer.Subject(p, "app", null, List.of("pwd"), null), "https://vault.azure.net")
                .accessToken();
    }

    @Test
    void nextKeyIsPublishedAheadThenSignsAndTheOldOneLeavesAfterItsTokensExpired() throws Exception {
        String first = keys.activeKey().getKeyID();
        keys.maintain();
        assertThat(keys.publicKeys().getKeys()).hasSize(1);

        clock.advance(LIFETIME.minus(LIFETIME.dividedBy(10)).plusMinutes(1));
        keys.maintain();
        assertThat(keys.publicKeys().getKeys()).as("published ahead").hasSize(2);
        assertThat(keys.activeKey().getKeyID()).isEqualTo(first);

        clock.advance(LIFETIME.dividedBy(10).minusMinutes(30));
        String signedByFirst = token();
        clock.advance(Duration.ofMinutes(31));
        keys.maintain();
        String second = keys.activeKey().getKeyID();
        assertThat(second).isNotEqualTo(first);
        assertThat(validator.validate(signedByFirst, Plane.DATA).objectId()).as("old token valid until expiry")
                .endsWith("a1");

        clock.advance(Duration.ofMinutes(80));
        keys.maintain();
        assertThat(keys.publicKeys().getKeys()).extracting(k -> k.getKeyID()).containsExactly(second);
    }

    @Test
    void aRemovedKeysTokensFailAtOnceEvenWhenCached() throws Exception {
        String old = token();
        validator.validate(old, Plane.DATA);
        String oldKid = keys.activeKey().getKeyID();
        keys.rotate();
        assertThat(keys.publicKeys().getKeys()).hasSize(2);
        validator.validate(old, Plane.DATA);
        String fresh = token();
        assertThat(keys.remove(oldKid)).isTrue();
        assertThatThrownBy(() -> validator.validate(old, Plane.DATA)).isInstanceOf(TokenRejected.class)
                .hasMessageContaining("AKV10046");
        assertThat(validator.validate(fresh, Plane.DATA)).isNotNull();
        assertThat(keys.remove(keys.activeKey().getKeyID())).isTrue();
        assertThat(keys.activeKey()).as("removing the signing key makes a new one").isNotNull();
        assertThatThrownBy(() -> validator.validate(fresh, Plane.DATA)).isInstanceOf(TokenRejected.class);
    }
}
