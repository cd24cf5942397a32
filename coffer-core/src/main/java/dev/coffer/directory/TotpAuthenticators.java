package dev.coffer.directory;

import dev.coffer.barrier.Barrier;
import dev.coffer.barrier.ObjectIdentity;
import dev.coffer.crypto.SecretBytes;
import dev.coffer.error.BadRequest;
import dev.coffer.error.Conflict;
import dev.coffer.error.NotFound;
import dev.coffer.store.CredentialRow;
import dev.coffer.store.PrincipalRow;
import dev.coffer.store.Store;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Users' TOTP authenticators (software OATH tokens). The seed is made here, shown once at enrolment, and
 * stored sealed by the barrier (bound to user and method id). A method starts pending and counts only once a
 * code from the app proved the user holds it. Each accepted time step is recorded in the method's row, in the
 * same transaction that checks it, so a code is accepted once, also across restarts. Failed codes count
 * towards the account's sign-in throttle like wrong passwords.
 *
 * <p>Rows are credentials of the user: {@code hashAlgorithm} says pending or active, {@code hash} holds the
 * sealed seed and {@code hint} the last accepted time step (not secret).
 */
public final class TotpAuthenticators {

    static final String ACTIVE = "totp-sha1-30s-6d";
    static final String PENDING = "totp-sha1-30s-6d-pending";
    private static final int SEED_BYTES = 20;
    private static final int MAX_METHODS = 5;

    /** A method as listed: never the seed. */
    public record Method(String id, boolean active, long createdAt) {
    }

    /** A new method: its seed in base32 and as an {@code otpauth://} URI, shown this once. */
    public record Enrolment(String id, SecretBytes secretKey, SecretBytes otpauthUri) {
        @Override
        public String toString() {
            return "Enrolment[id=" + id + ", redacted]";
        }
    }

    private final Directory directory;
    private final Store store;
    private final Barrier barrier;
    private final Clock clock;
    private final SecureRandom random;

    public TotpAuthenticators(Directory directory, Store store, Barrier barrier, Clock clock, SecureRandom random) {
        this.directory = directory;
        this.store = store;
        this.barrier = barrier;
        this.clock = clock;
        this.random = random;
    }

    public Enrolment enrol(String userId) {
        PrincipalRow user = directory.require(userId, Directory.USER);
        if (rows(userId).size() >= MAX_METHODS) {
            throw new Conflict("Request_BadRequest", "A user can have at most " + MAX_METHODS + " authenticators.");
        }
        byte[] seed = new byte[SEED_BYTES];
        random.nextBytes(seed);
        String id = UUID.randomUUID().toString();
        byte[] sealed = barrier.seal(SecretBytes.wrap(seed.clone()), identity(user, id));
        store.write(tx -> {
            tx.putCredential(new CredentialRow(user.objectId(), id, PENDING, sealed, null, now(), Long.MAX_VALUE));
            return null;
        });
        String base32 = Totp.base32(seed);
        Arrays.fill(seed, (byte) 0);
        String label = URLEncoder.encode("Coffer:" + user.userPrincipalName(), StandardCharsets.UTF_8).replace("+", "%20");
        String uri = "otpauth://totp/" + label + "?secret=" + base32 + "&issuer=Coffer&algorithm=SHA1&digits="
                + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS;
        return new Enrolment(id, SecretBytes.ofUtf8(base32), SecretBytes.ofUtf8(uri));
    }

    /** Activates a pending method with a code from the app; the code is then used up. */
    public void activate(String userId, String methodId, String code) {
        CredentialRow row = row(userId, methodId);
        if (!consume(row, code)) {
            throw new BadRequest("InvalidVerificationCode", "The verification code is not valid.");
        }
        store.write(tx -> {
            tx.credentials(row.objectId()).stream().filter(c -> c.keyId().equalsIgnoreCase(methodId)).findFirst()
                    .ifPresent(c -> tx.putCredential(new CredentialRow(c.objectId(), c.keyId(), ACTIVE, c.hash(),
                            c.hint(), c.createdAt(), c.expiresAt())));
            return null;
        });
    }

    public List<Method> methods(String userId) {
        return rows(userId).stream().map(c -> new Method(c.keyId(), ACTIVE.equals(c.hashAlgorithm()), c.createdAt()))
                .toList();
    }

    public boolean enrolled(String userId) {
        return rows(userId).stream().anyMatch(c -> ACTIVE.equals(c.hashAlgorithm()));
    }

    public void remove(String userId, String methodId) {
        CredentialRow row = row(userId, methodId);
        store.write(tx -> {
            tx.deleteCredential(row.objectId(), row.keyId());
            return null;
        });
    }

    /**
     * Checks a second-factor code against the user's active methods. Throttled as passwords are: a locked
     * account is refused whatever the code.
     */
    public void verify(String userId, String code, String clientAddress) throws SignInFailed {
        PrincipalRow user = directory.require(userId, Directory.USER);
        SignInThrottle throttle = directory.throttle();
        // Codes have their own failure window, reset only by a right code: a right password must not wipe it,
        // or a password holder could guess codes without end.
        String account = "mfa:" + user.userPrincipalName();
        if (throttle.locked(account, clientAddress) || throttle.locked(user.userPrincipalName(), clientAddress)) {
            throw new SignInFailed("AADSTS50053", "The account is locked because of too many failed sign-in "
                    + "attempts. Try again later.");
        }
        boolean ok = false;
        for (CredentialRow row : rows(userId)) {
            if (ACTIVE.equals(row.hashAlgorithm()) && !ok) {
                ok = consume(row, code);
            }
        }
        if (!ok) {
            throttle.failed(account, clientAddress);
            throw new SignInFailed("AADSTS50125", "The verification code is not valid or was already used.");
        }
        throttle.succeeded(account);
    }

    /** Accepts the code if it matches a step after the last accepted one, recording that step atomically. */
    private boolean consume(CredentialRow row, String code) {
        PrincipalRow user = directory.require(row.objectId(), Directory.USER);
        SecretBytes seed = barrier.open(row.hash(), identity(user, row.keyId()));
        byte[] clear = seed.reveal();
        OptionalLong step;
        try {
            step = Totp.matchingStep(clear, code, clock.instant().getEpochSecond());
        } finally {
            Arrays.fill(clear, (byte) 0);
            seed.destroy();
        }
        if (step.isEmpty()) {
            return false;
        }
        long accepted = step.getAsLong();
        return store.write(tx -> {
            Optional<CredentialRow> current = tx.credentials(row.objectId()).stream()
                    .filter(c -> c.keyId().equalsIgnoreCase(row.keyId())).findFirst();
            if (current.isEmpty() || (current.get().hint() != null && Long.parseLong(current.get().hint()) >= accepted)) {
                return false;
            }
            CredentialRow c = current.get();
            tx.putCredential(new CredentialRow(c.objectId(), c.keyId(), c.hashAlgorithm(), c.hash(),
                    Long.toString(accepted), c.createdAt(), c.expiresAt()));
            return true;
        });
    }

    private List<CredentialRow> rows(String userId) {
        return store.read(tx -> tx.credentials(userId)).stream()
                .filter(c -> ACTIVE.equals(c.hashAlgorithm()) || PENDING.equals(c.hashAlgorithm())).toList();
    }

    private CredentialRow row(String userId, String methodId) {
        return rows(userId).stream().filter(c -> c.keyId().equalsIgnoreCase(methodId)).findFirst()
                .orElseThrow(() -> new NotFound("Request_ResourceNotFound", "No authenticator '" + methodId + "'."));
    }

    private static ObjectIdentity identity(PrincipalRow user, String methodId) {
        return new ObjectIdentity(user.tenantId(), "", "totp-seed", user.objectId(), methodId);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
