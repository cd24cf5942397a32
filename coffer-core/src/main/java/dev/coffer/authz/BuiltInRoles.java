package dev.coffer.authz;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Azure's built-in roles that concern Key Vault, read from the data file beside this class. */
public final class BuiltInRoles {

    private static final Map<String, RoleDefinition> BY_ID = load();

    private BuiltInRoles() {
    }

    public static Map<String, RoleDefinition> all() {
        return BY_ID;
    }

    public static RoleDefinition byName(String roleName) {
        return BY_ID.values().stream().filter(r -> r.roleName().equalsIgnoreCase(roleName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no built-in role " + roleName));
    }

    private static Map<String, RoleDefinition> load() {
        try (InputStream in = BuiltInRoles.class.getResourceAsStream("builtin-roles.json")) {
            if (in == null) {
                throw new IllegalStateException("builtin-roles.json is missing from the class path");
            }
            Map<String, Object> root = JSONObjectUtils.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            Map<String, RoleDefinition> roles = new LinkedHashMap<>();
            for (Map<String, Object> r : JSONObjectUtils.getJSONObjectArray(root, "roles")) {
                List<Permission> permissions = new ArrayList<>();
                for (Map<String, Object> p : JSONObjectUtils.getJSONObjectArray(r, "permissions")) {
                    permissions.add(Permission.of(strings(p, "actions"), strings(p, "notActions"),
                            strings(p, "dataActions"), strings(p, "notDataActions")));
                }
                String id = JSONObjectUtils.getString(r, "id").toLowerCase(Locale.ROOT);
                roles.put(id, new RoleDefinition(id, JSONObjectUtils.getString(r, "roleName"),
                        JSONObjectUtils.getString(r, "description"), true, permissions,
                        strings(r, "assignableScopes"), Set.copyOf(strings(r, "assignableRoles"))));
            }
            return Map.copyOf(roles);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParseException e) {
            throw new IllegalStateException("builtin-roles.json is malformed", e);
        }
    }

    private static List<String> strings(Map<String, Object> object, String field) throws ParseException {
        List<String> list = JSONObjectUtils.getStringList(object, field);
        return list == null ? List.of() : list;
    }
}
