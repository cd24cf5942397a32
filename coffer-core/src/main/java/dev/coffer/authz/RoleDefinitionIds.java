package dev.coffer.authz;

import java.util.Locale;
import java.util.regex.Pattern;

/** Reads the role GUID out of either form of a role definition id (tenant-level or subscription-level). */
public final class RoleDefinitionIds {

    private static final Pattern FORM = Pattern.compile(
            "(?i)^(/subscriptions/[^/]+)?/providers/Microsoft\\.Authorization/roleDefinitions/"
                    + "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$");

    private RoleDefinitionIds() {
    }

    /** The lower-cased GUID, or null when the id has neither form. */
    public static String guidOf(String roleDefinitionId) {
        if (roleDefinitionId == null) {
            return null;
        }
        var m = FORM.matcher(roleDefinitionId.trim());
        return m.matches() ? m.group(2).toLowerCase(Locale.ROOT) : null;
    }
}
