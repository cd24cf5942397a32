package dev.coffer.keys;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where key events go for delivery (the events subsystem subscribes here). Each event is also an audited
 * operation of the rotation scheduler, so a sink that reads the audit log sees the same facts.
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
