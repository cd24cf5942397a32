package dev.coffer.keys;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-process observers of the rotation scheduler's key events (logs, tests). Each event is also an audited
 * operation of the scheduler ({@code KeyRotateByPolicy}, {@code KeyNearExpiryNotify}) whose outcome names the
 * version; the events subsystem delivers Event Grid events from those audit records rather than from here, so
 * an event exists exactly when its operation was committed and audited, and survives a restart.
 */
@FunctionalInterface
public interface KeyEventSink {

    void publish(KeyEvent event);

    /** Logs the event; used until a delivering sink is wired. */
    KeyEventSink LOG = new KeyEventSink() {
        private final Logger log = LoggerFactory.getLogger(KeyEventSink.class);

        @Override
        public void publish(KeyEvent event) {
            log.info("{} vault={} key={} version={}", event.type().eventType(), event.vaultName(), event.keyName(),
                    event.version());
        }
    };
}
