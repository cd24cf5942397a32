package dev.coffer.http;

/** A management-plane route's handler. */
@FunctionalInterface
public interface ManagementRoute {
    void handle(ManagementCall call);
}
