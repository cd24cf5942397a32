package dev.coffer.store;

public enum ObjectKind {
    SECRET, KEY, CERTIFICATE
}
