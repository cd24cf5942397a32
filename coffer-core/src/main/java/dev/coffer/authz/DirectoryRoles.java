package dev.coffer.authz;

import dev.coffer.directory.Directory;
import dev.coffer.directory.Principal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Directory roles (Microsoft Entra's shape) that authorize changes to the directory itself: role templates
 * with Entra's GUIDs and {@code microsoft.directory/...} permissions, members kept as tenant settings named
 * {@code directoryRole:{templateId}:{objectId}}.
 */
public final class DirectoryRoles {

    public static final String GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10";
    public static final String USER_ADMINISTRATOR = "fe930be7-5e62-47db-91af-98c3a49a38b1";
    public static final String APPLICATION_ADMINISTRATOR = "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3";
    private static final String PREFIX = "directoryRole:";

    /** A role template: its display name and the directory actions it allows. */
    public record Template(String id, String displayName, List<ActionPattern> allowed) {
    }

    public static final Map<String, Template> TEMPLATES = Map.of(
            GLOBAL_ADMINISTRATOR, new Template(GLOBAL_ADMINISTRATOR, "Global Administrator",
                    List.of(new ActionPattern("microsoft.directory/*"))),
            USER_ADMINISTRATOR, new Template(USER_ADMINISTRATOR, "User Administrator",
                    List.of(new ActionPattern("microsoft.directory/users/*"),
                            new ActionPattern("microsoft.directory/groups/*"))),
            APPLICATION_ADMINISTRATOR, new Template(APPLICATION_ADMINISTRATOR, "Application Administrator",
                    List.of(new ActionPattern("microsoft.directory/applications/*"),
                            new ActionPattern("microsoft.directory/servicePrincipals/*"))));

    private final Directory directory;

    public DirectoryRoles(Directory directory) {
        this.directory = directory;
    }

    public void addMember(String tenantId, String templateId, String objectId) {
        requireTemplate(templateId);
        directory.setSetting(tenantId, PREFIX + templateId + ":" + objectId.toLowerCase(Locale.ROOT), "member");
    }

    public void removeMember(String tenantId, String templateId, String objectId) {
        requireTemplate(templateId);
        directory.setSetting(tenantId, PREFIX + templateId + ":" + objectId.toLowerCase(Locale.ROOT), null);
    }

    public List<String> members(String tenantId, String templateId) {
        String prefix = PREFIX + templateId + ":";
        return directory.settings(tenantId).entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix) && "member".equals(e.getValue()))
                .map(e -> e.getKey().substring(prefix.length())).toList();
    }

    /** The role that lets the principal (or one of its groups) perform a directory action, if any. */
    Optional<Template> grantingRole(Principal principal, Action action) {
        Map<String, String> settings = directory.settings(principal.tenantId());
        for (Template t : TEMPLATES.values()) {
            if (!t.allowed().stream().anyMatch(p -> p.matches(action.name()))) {
                continue;
            }
            if (isMember(settings, t.id(), principal.objectId())
                    || principal.groupIds().stream().anyMatch(g -> isMember(settings, t.id(), g))) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    private static boolean isMember(Map<String, String> settings, String templateId, String objectId) {
        return "member".equals(settings.get(PREFIX + templateId + ":" + objectId.toLowerCase(Locale.ROOT)));
    }

    private static void requireTemplate(String templateId) {
        if (!TEMPLATES.containsKey(templateId)) {
            throw new dev.coffer.error.NotFound("Request_ResourceNotFound", "No directory role '" + templateId + "'.");
        }
    }
}
