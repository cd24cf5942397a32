package dev.coffer.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The device authorization grant (RFC 8628) as the Microsoft identity platform runs it: a device code the
 * client polls with, a short user code the person types on the sign-in page, and the verdict the page gives.
 * Held in memory (they live fifteen minutes; a restart only makes people start again); device codes are
 * kept by their SHA-256, never in clear.
 */
public final class DeviceCodes {

    public static final Duration LIFETIME = Duration.ofMinutes(15);
    public static final int INTERVAL_SECONDS = 5;
    /** No vowels (no words), no look-alikes (0/O, 1/I/L). */
    private static final String USER_CODE_ALPHABET = "BCDFGHJKMNPQRSTVWXZ23456789";
    private static final int USER_CODE_LENGTH = 8;
    private static final int MAX_PENDING = 10_000;

    private enum Status { PENDING, APPROVED, DECLINED }

    private static final class Entry {
        final String tenantId;
        final String clientId;
        final String scope;
        final String userCode;
        final long expiresAt;
        Status status = Status.PENDING;
        String objectId;
        List<String> amr = List.of();
        long nextPollAt;
        int interval = INTERVAL_SECONDS;

        Entry(String tenantId, String clientId, String scope, String userCode, long expiresAt, long now) {
            this.tenantId = tenantId;
            this.clientId = clientId;
            this.scope = scope;
            this.userCode = userCode;
            this.expiresAt = expiresAt;
            this.nextPollAt = now;
        }
    }

    /** What the client gets back from the device-code endpoint. The device code is a credential. */
    public record Started(String deviceCode, String userCode, long expiresIn, int interval) {
        @Override
        public String toString() {
            return "Started[userCode=" + userCode + ", redacted]";
        }
    }

    /** A pending request as the sign-in page shows it. */
    public record Pending(String tenantId, String clientId, String scope, String userCode) {
    }

    /** An approved request, redeemed once by the polling client. */
    public record Approved(String tenantId, String clientId, String scope, String objectId, List<String> amr) {
    }

    private final Clock clock;
    private final SecureRandom random;
    private final Map<String, Entry> byDeviceHash = new ConcurrentHashMap<>();
    private final Map<String, String> deviceHashByUserCode = new ConcurrentHashMap<>();

    public DeviceCodes(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    public Started start(String tenantId, String clientId, String scope) {
        purgeExpired();
        if (byDeviceHash.size() >= MAX_PENDING) {
            throw new OAuthException(429, "temporarily_unavailable", "AADSTS90033",
                    "Too many device sign-ins are pending. Try again later.");
        }
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String deviceCode = "cdc." + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        String userCode;
        do {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < USER_CODE_LENGTH; i++) {
                b.append(USER_CODE_ALPHABET.charAt(random.nextInt(USER_CODE_ALPHABET.length())));
            }
            userCode = b.toString();
        } while (deviceHashByUserCode.containsKey(userCode));
        long now = now();
        String hash = hash(deviceCode);
        byDeviceHash.put(hash, new Entry(tenantId, clientId, scope, userCode, now + LIFETIME.toSeconds(), now));
        deviceHashByUserCode.put(userCode, hash);
        return new Started(deviceCode, userCode, LIFETIME.toSeconds(), INTERVAL_SECONDS);
    }

    /** The pending request a typed user code names (case, spaces and dashes do not matter). */
    public Optional<Pending> pending(String typedUserCode) {
        return entry(typedUserCode).filter(e -> e.status == Status.PENDING)
                .map(e -> new Pending(e.tenantId, e.clientId, e.scope, e.userCode));
    }

    public boolean approve(String userCode, String objectId, List<String> amr) {
        return decide(userCode, Status.APPROVED, objectId, amr);
    }

    public boolean decline(String userCode) {
        return decide(userCode, Status.DECLINED, null, List.of());
    }

    private boolean decide(String userCode, Status verdict, String objectId, List<String> amr) {
        Optional<Entry> entry = entry(userCode);
        if (entry.isEmpty()) {
            return false;
        }
        synchronized (entry.get()) {
            if (entry.get().status != Status.PENDING) {
                return false;
            }
            entry.get().status = verdict;
            entry.get().objectId = objectId;
            entry.get().amr = List.copyOf(amr);
        }
        return true;
    }

    /**
     * One poll of the client. Until the person decides: {@code authorization_pending}, or {@code slow_down}
     * (and a longer interval) when polled faster than asked; then {@code authorization_declined} or the
     * approval, handed out once; {@code expired_token} after fifteen minutes.
     */
    public Approved poll(String deviceCode, String clientId, String tenantId) {
        String hash = hash(deviceCode);
        Entry e = byDeviceHash.get(hash);
        if (e == null || !e.clientId.equalsIgnoreCase(clientId) || !e.tenantId.equalsIgnoreCase(tenantId)) {
            throw new OAuthException(400, "bad_verification_code", "AADSTS70000",
                    "The device code is unknown, was already used, or belongs to another client.");
        }
        long now = now();
        synchronized (e) {
            if (e.expiresAt <= now) {
                remove(hash, e);
                throw new OAuthException(400, "expired_token", "AADSTS70019",
                        "Verification code expired. Start the sign-in again.");
            }
            switch (e.status) {
                case DECLINED -> {
                    remove(hash, e);
                    throw new OAuthException(400, "authorization_declined", "AADSTS70000",
                            "The user declined the sign-in.");
                }
                case APPROVED -> {
                    remove(hash, e);
                    return new Approved(e.tenantId, e.clientId, e.scope, e.objectId, e.amr);
                }
                default -> {
                    if (now < e.nextPollAt) {
                        e.interval += INTERVAL_SECONDS;
                        e.nextPollAt = now + e.interval;
                        throw new OAuthException(400, "slow_down", "AADSTS70016",
                                "Polling too fast: wait " + e.interval + " seconds between requests.");
                    }
                    e.nextPollAt = now + e.interval - 1;
                    throw new OAuthException(400, "authorization_pending", "AADSTS70016",
                            "OAuth 2.0 device flow error. Authorization is pending. Continue polling.");
                }
            }
        }
    }

    private Optional<Entry> entry(String typedUserCode) {
        if (typedUserCode == null) {
            return Optional.empty();
        }
        String normal = typedUserCode.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        String hash = deviceHashByUserCode.get(normal);
        Entry e = hash == null ? null : byDeviceHash.get(hash);
        return e == null || e.expiresAt <= now() ? Optional.empty() : Optional.of(e);
    }

    private void remove(String hash, Entry e) {
        byDeviceHash.remove(hash);
        deviceHashByUserCode.remove(e.userCode);
    }

    private void purgeExpired() {
        long now = now();
        byDeviceHash.entrySet().removeIf(x -> {
            boolean dead = x.getValue().expiresAt <= now;
            if (dead) {
                deviceHashByUserCode.remove(x.getValue().userCode);
            }
            return dead;
        });
    }

    static String hash(String code) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(code.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
