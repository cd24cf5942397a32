package dev.coffer.authz;

import java.util.Locale;

/**
 * An ARM scope string ({@code /subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.KeyVault/vaults/{v}
 * [/secrets/{name}]}). Scopes compare case-insensitively; an assignment at a scope covers every scope below.
 */
public final class Scope {

    private Scope() {
    }

    public static String normalize(String scope) {
        String s = scope.toLowerCase(Locale.ROOT);
        while (s.length() > 1 && s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /** True when {@code inner} is {@code outer} or lies below it. Both must already be normalized. */
    public static boolean covers(String outer, String inner) {
        if (outer.equals("/")) {
            return true;
        }
        return inner.equals(outer) || (inner.startsWith(outer) && inner.charAt(outer.length()) == '/');
    }

    public static String subscription(String subscriptionId) {
        return "/subscriptions/" + subscriptionId;
    }

    public static String resourceGroup(String subscriptionId, String resourceGroup) {
        return subscription(subscriptionId) + "/resourceGroups/" + resourceGroup;
    }

    public static String vault(String subscriptionId, String resourceGroup, String vault) {
        return resourceGroup(subscriptionId, resourceGroup) + "/providers/Microsoft.KeyVault/vaults/" + vault;
    }
}
