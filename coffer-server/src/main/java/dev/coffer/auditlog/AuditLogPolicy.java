package dev.coffer.auditlog;

import java.time.Duration;

/**
 * How the audit log rotates, what it keeps, and how often it signs a checkpoint.
 *
 * @param maxFileBytes       rotate the live file once it reaches this size
 * @param maxFileAge         rotate the live file once its first record is this old
 * @param retention          delete rotated files whose last record is older than this
 * @param maxTotalBytes      delete the oldest rotated files while all files together exceed this
 * @param checkpointEvery    sign a checkpoint after this many records
 * @param checkpointInterval sign a checkpoint at least this often while records arrive
 */
public record AuditLogPolicy(long maxFileBytes, Duration maxFileAge, Duration retention, long maxTotalBytes,
                             int checkpointEvery, Duration checkpointInterval) {

    public static AuditLogPolicy defaults() {
        return new AuditLogPolicy(64L * 1024 * 1024, Duration.ofDays(1), Duration.ofDays(365),
                10L * 1024 * 1024 * 1024, 1000, Duration.ofSeconds(10));
    }
}
