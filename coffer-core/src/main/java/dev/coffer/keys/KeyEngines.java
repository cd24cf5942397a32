package dev.coffer.keys;

import dev.coffer.barrier.Barrier;
import dev.coffer.core.Dispatcher;
import dev.coffer.crypto.Hsm;
import dev.coffer.store.Store;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * The keys engines wired together, so the composition root builds them in one call: lifecycle, cryptography,
 * rotation, the rotation scheduler, and the HSM they share. {@link #close()} stops the scheduler and releases
 * the HSM session.
 */
public record KeyEngines(KeyService keys, KeyCryptoService crypto, KeyRotationService rotation,
                         KeyRotationScheduler scheduler, Hsm hsm) implements AutoCloseable {

    /** How often the scheduler looks at rotation policies; triggers are days apart, so a minute is plenty. */
    public static final Duration SCHEDULE = Duration.ofMinutes(1);

    public static KeyEngines create(Store store, Barrier barrier, Clock clock, SecureRandom random, Hsm hsm,
                                    Dispatcher dispatcher, KeyEventSink events) {
        return create(store, barrier, clock, random, hsm, dispatcher, events, KeyMeter.NONE);
    }

    /** @param meter charges key operations by key type once the key is known (throttling) */
    public static KeyEngines create(Store store, Barrier barrier, Clock clock, SecureRandom random, Hsm hsm,
                                    Dispatcher dispatcher, KeyEventSink events, KeyMeter meter) {
        KeyService keys = new KeyService(store, barrier, clock, random, hsm, meter);
        KeyRotationService rotation = new KeyRotationService(keys, store, clock, random);
        return new KeyEngines(keys, new KeyCryptoService(keys, clock, random), rotation,
                new KeyRotationScheduler(store, rotation, dispatcher, events, clock), hsm);
    }

    public void startScheduler() {
        startScheduler(SCHEDULE);
    }

    public void startScheduler(Duration every) {
        scheduler.start(every);
    }

    @Override
    public void close() {
        scheduler.close();
        if (hsm instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // shutting down: the token session ends with the process anyway
            }
        }
    }
}
