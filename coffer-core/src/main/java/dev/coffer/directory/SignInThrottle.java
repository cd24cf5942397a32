package dev.coffer.directory;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@value #MAX_FAILURES} failed sign-ins within the window an account, and
 * after {@value #MAX_ADDRESS_FAILURES} a client address (which many users may share behind NAT), is refused for
 * the lockout period, whether or not the next password is right.
 */
public final class SignInThrottle {

    static final int MAX_FAILURES = 5;
    static final int MAX_ADDRESS_FAILURES = 30;
    private static final long WINDOW_SECONDS = 300;
    private static final long LOCKOUT_SECONDS = 60;

    private record Window(long start, int failures, long lockedUntil) {
    }

    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public SignInThrottle(Clock clock) {
        this.clock = clock;
    }

    public boolean locked(String account, String clientAddress) {
        long now = clock.instant().getEpochSecond();
        return lockedKey("a:" + key(account), now) || lockedKey("c:" + clientAddress, now);
    }

    public void failed(String account, String clientAddress) {
        long now = clock.instant().getEpochSecond();
        record("a:" + key(account), now, MAX_FAILURES);
        record("c:" + clientAddress, now, MAX_ADDRESS_FAILURES);
    }

    public void succeeded(String account) {
        windows.remove("a:" + key(account));
    }

    private boolean lockedKey(String key, long now) {
        Window w = windows.get(key);
        return w != null && w.lockedUntil() > now;
    }

    private void record(String key, long now, int limit) {
        windows.compute(key, (k, w) -> {
            if (w == null || now - w.start() > WINDOW_SECONDS) {
                return new Window(now, 1, 0);
            }
            int failures = w.failures() + 1;
            return new Window(w.start(), failures, failures >= limit ? now + LOCKOUT_SECONDS : w.lockedUntil());
        });
    }

    private static String key(String account) {
        return account == null ? "" : account.toLowerCase(Locale.ROOT);
    }
}
