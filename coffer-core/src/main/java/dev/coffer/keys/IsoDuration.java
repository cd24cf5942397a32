package dev.coffer.keys;

import dev.coffer.error.BadRequest;
import dev.coffer.objects.Names;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * An ISO-8601 duration as rotation policies write them ({@code P90D}, {@code P1Y6M}, {@code PT12H},
 * {@code P1DT2H}): a calendar part (years, months, days — added in UTC) and a time part. Kept with its original
 * text, which is what the API returns.
 */
record IsoDuration(String text, Period period, Duration time) {

    static IsoDuration parse(String member, String text) {
        if (text == null || text.isBlank() || text.startsWith("-")) {
            throw invalid(member, text);
        }
        try {
            String upper = text.toUpperCase(java.util.Locale.ROOT);
            int t = upper.indexOf('T');
            Period period = t == 1 ? Period.ZERO : Period.parse(t < 0 ? upper : upper.substring(0, t));
            Duration time = t < 0 ? Duration.ZERO : Duration.parse("PT" + upper.substring(t + 1));
            if (period.isNegative() || time.isNegative() || (period.isZero() && time.isZero())) {
                throw invalid(member, text);
            }
            return new IsoDuration(text, period, time);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw invalid(member, text);
        }
    }

    Instant after(Instant start) {
        return start.atOffset(ZoneOffset.UTC).plus(period).plus(time).toInstant();
    }

    Instant before(Instant end) {
        return end.atOffset(ZoneOffset.UTC).minus(period).minus(time).toInstant();
    }

    /** The shortest this duration can be, counting a month as 28 days (for Azure's minimums). */
    long minimumSeconds() {
        long days = period.getYears() * 365L + period.getMonths() * 28L + period.getDays();
        return days * 86_400L + time.getSeconds();
    }

    private static BadRequest invalid(String member, String text) {
        return new BadRequest("BadParameter", "'" + member + "' must be a positive ISO-8601 duration such as P90D, "
                + "not '" + Names.sanitize(text) + "'.");
    }
}
