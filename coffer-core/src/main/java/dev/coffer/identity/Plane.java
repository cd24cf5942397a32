package dev.coffer.identity;

/** Which API a token is meant for; each accepts only its own audiences. */
public enum Plane {
    DATA, MANAGEMENT, GRAPH
}
