package dev.coffer.events;

import dev.coffer.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox: each due event is POSTed to its webhook as {@code application/cloudevents+json}; a 2xx
 * acknowledges it, anything else (or no answer) schedules a retry with exponential back-off (base, ×2 each time,
 * at most 10 minutes apart), until 30 attempts have failed and it moves to the dead-letter folder. The schedule
 * is in the outbox files, so retries go on after a restart.
 */
final class EventDelivery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventDelivery.class);
    static final int MAX_ATTEMPTS = 30;

    private final EventOutbox outbox;
    private final HttpClient http;
    private final Clock clock;
    private final Duration base;
    private final Thread thread;
    private volatile boolean closed;

    EventDelivery(EventOutbox outbox, HttpClient http, Clock clock, Duration base) {
        this.outbox = outbox;
        this.http = http;
        this.clock = clock;
        this.base = base;
        this.thread = Thread.ofVirtual().name("coffer-event-delivery").start(this::loop);
    }

    private void loop() {
        while (!closed) {
            try {
                for (EventOutbox.Entry e : outbox.due(clock.instant())) {
                    if (closed) {
                        return;
                    }
                    attempt(e);
                }
                Thread.sleep(Math.min(1_000, Math.max(50, base.toMillis() / 2)));
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.warn("event delivery: {}", e.toString());
            }
        }
    }

    private void attempt(EventOutbox.Entry e) throws IOException {
        int status;
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(e.endpointUrl()))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/cloudevents+json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(e.event()))).build(),
                    HttpResponse.BodyHandlers.discarding());
            status = r.statusCode();
        } catch (IOException ex) {
            status = -1;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return;
        }
        if (status / 100 == 2) {
            outbox.delivered(e);
        } else if (e.attempts() + 1 >= MAX_ATTEMPTS) {
            LOG.warn("event {} could not be delivered after {} attempts; moved to dead-letter",
                    e.event().path("id").asText(), MAX_ATTEMPTS);
            outbox.giveUp(e);
        } else {
            long factor = 1L << Math.min(e.attempts(), 20);
            Duration wait = base.multipliedBy(factor);
            outbox.retryLater(e, clock.instant().plus(wait.compareTo(Duration.ofMinutes(10)) > 0
                    ? Duration.ofMinutes(10) : wait));
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
