package dev.coffer.authz;

/**
 * The Authorizer's answer with its reason: which assignment or access policy granted the action, or what
 * was missing. {@code model} is "rbac" or "accessPolicy"; the reason goes into the audit event.
 */
public record Decision(boolean allowed, String model, String reason) {

    public static Decision allow(String model, String reason) {
        return new Decision(true, model, reason);
    }

    public static Decision deny(String model, String reason) {
        return new Decision(false, model, reason);
    }
}
