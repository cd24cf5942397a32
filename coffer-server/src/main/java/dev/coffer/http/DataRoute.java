package dev.coffer.http;

/** A data-plane route's handler. */
@FunctionalInterface
public interface DataRoute {
    void handle(DataCall call);
}
