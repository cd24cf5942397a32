package dev.coffer.resources;

import dev.coffer.error.BadRequest;
import java.util.Locale;

/**
 * A parsed ARM scope down to an object in a vault: {@code /subscriptions/{s}[/resourceGroups/{rg}
 * [/providers/Microsoft.KeyVault/vaults/{v}[/(secrets|keys|certificates)/{name}]]]}. Anything else is
 * refused as malformed.
 */
public record ArmScope(String subscriptionId, String resourceGroup, String vault, String objectKind, String objectName) {

    public static ArmScope parse(String scope) {
        if (scope == null || !scope.startsWith("/")) {
            throw malformed(scope);
        }
        String[] s = scope.substring(1).split("/", -1);
        int n = s.length;
        if (n < 2 || !s[0].equalsIgnoreCase("subscriptions") || s[1].isEmpty()) {
            throw malformed(scope);
        }
        if (n == 2) {
            return new ArmScope(s[1], null, null, null, null);
        }
        if (n < 4 || !s[2].equalsIgnoreCase("resourceGroups") || s[3].isEmpty()) {
            throw malformed(scope);
        }
        if (n == 4) {
            return new ArmScope(s[1], s[3], null, null, null);
        }
        if (n < 8 || !s[4].equalsIgnoreCase("providers") || !s[5].equalsIgnoreCase("Microsoft.KeyVault")
                || !s[6].equalsIgnoreCase("vaults") || s[7].isEmpty()) {
            throw malformed(scope);
        }
        if (n == 8) {
            return new ArmScope(s[1], s[3], s[7], null, null);
        }
        String kind = s[8].toLowerCase(Locale.ROOT);
        if (n != 10 || !(kind.equals("secrets") || kind.equals("keys") || kind.equals("certificates"))
                || s[9].isEmpty()) {
            throw malformed(scope);
        }
        return new ArmScope(s[1], s[3], s[7], kind, s[9]);
    }

    private static BadRequest malformed(String scope) {
        return new BadRequest("InvalidScope", "The scope '" + dev.coffer.objects.Names.sanitize(scope)
                + "' is not valid. Use a subscription, resource group, vault or vault object scope.");
    }
}
