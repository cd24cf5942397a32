package dev.coffer.server;

import java.time.Duration;

/**
 * How often the background jobs look for work. Their triggers are days apart in production, so the defaults
 * are relaxed; tests shorten them to see a job act within seconds.
 *
 * @param purgeEvery    how often the retention job purges soft-deleted objects and vaults whose purge date passed
 * @param rotationEvery how often the key rotation scheduler reads the rotation policies
 */
public record JobSettings(Duration purgeEvery, Duration rotationEvery) {

    public JobSettings {
        if (purgeEvery == null || purgeEvery.isNegative() || purgeEvery.isZero()
                || rotationEvery == null || rotationEvery.isNegative() || rotationEvery.isZero()) {
            throw new IllegalArgumentException("job periods must be positive");
        }
    }

    public static JobSettings defaults() {
        return new JobSettings(Duration.ofMinutes(10), Duration.ofMinutes(1));
    }
}
