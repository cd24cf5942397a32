package dev.coffer.metrics;

/**
 * What the Dispatcher reports for metrics, without knowing the metrics library (the server implements it with
 * Micrometer; the core stays free of it). Implementations must be cheap and must never throw.
 */
public interface OperationMetrics {

    OperationMetrics NONE = new OperationMetrics() {
    };

    /** One finished operation (Azure's ServiceApiHit/ServiceApiResult/ServiceApiLatency). */
    default void operation(String vault, String operation, String resultType, int status, long durationNanos) {
    }

    /** One sign-in attempt at the token service. */
    default void signIn(boolean succeeded) {
    }

    /** One request the edge turned away before an operation ran (authentication, firewall, throttling). */
    default void rejected(String vault, String reason, int status) {
    }
}
