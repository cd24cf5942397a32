package dev.coffer.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.authz.Action;
import dev.coffer.authz.Actions;
import dev.coffer.authz.DirectoryRoles;
import dev.coffer.core.Operation;
import dev.coffer.core.Target;
import dev.coffer.crypto.SecretBytes;
import dev.coffer.directory.Directory;
import dev.coffer.directory.IssuedClientSecret;
import dev.coffer.error.BadRequest;
import dev.coffer.error.NotFound;
import dev.coffer.http.Fields;
import dev.coffer.http.Json;
import dev.coffer.http.ManagementCall;
import dev.coffer.http.ManagementRoute;
import dev.coffer.http.Router;
import dev.coffer.store.PrincipalRow;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The directory in Microsoft Graph's shape under {@code /v1.0}: users, groups (with members), applications
 * and service principals (with password and certificate credentials), and directory role members. Reads are
 * open to every principal of the tenant (Entra's default user permissions); changes need a directory role.
 */
public final class GraphRoutes {

    private static final Pattern FILTER = Pattern.compile(
            "(?i)^\\s*(appId|userPrincipalName|displayName|id)\\s+eq\\s+'([^']*)'\\s*$");
    private static final Pattern SPN_FILTER = Pattern.compile(
            "(?i)^\\s*servicePrincipalNames/any\\(\\w+:\\w+\\s+eq\\s+'([^']*)'\\)\\s*$");
    private static final Pattern REF = Pattern.compile("(?i)/directoryObjects/([0-9a-f-]{36})$");

    private final Directory directory;
    private final DirectoryRoles roles;
    private final dev.coffer.identity.RedirectUris redirectUris;

    public GraphRoutes(Directory directory, DirectoryRoles roles) {
        this(directory, roles, new dev.coffer.identity.RedirectUris(directory));
    }

    public GraphRoutes(Directory directory, DirectoryRoles roles, dev.coffer.identity.RedirectUris redirectUris) {
        this.directory = directory;
        this.roles = roles;
        this.redirectUris = redirectUris;
    }

    public void register(Router<ManagementRoute> router) {
        for (String collection : List.of("users", "groups", "applications", "servicePrincipals")) {
            router.add("GET", "/v1.0/" + collection, c -> list(c, collection))
                    .add("POST", "/v1.0/" + collection, c -> create(c, collection))
                    .add("GET", "/v1.0/" + collection + "/{id}", c -> get(c, collection))
                    .add("PATCH", "/v1.0/" + collection + "/{id}", c -> patch(c, collection))
                    .add("DELETE", "/v1.0/" + collection + "/{id}", c -> delete(c, collection));
        }
        for (String collection : List.of("applications", "servicePrincipals")) {
            router.add("POST", "/v1.0/" + collection + "/{id}/addPassword", c -> addPassword(c, collection))
                    .add("POST", "/v1.0/" + collection + "/{id}/removePassword", c -> removePassword(c, collection));
        }
        router.add("GET", "/v1.0/me", this::me)
                .add("GET", "/v1.0/groups/{id}/members", this::members)
                .add("POST", "/v1.0/groups/{id}/members/$ref", this::addMember)
                .add("DELETE", "/v1.0/groups/{id}/members/{member}/$ref", this::removeMember)
                .add("GET", "/v1.0/directoryRoles", this::listRoles)
                .add("POST", "/v1.0/directoryRoles/{id}/members/$ref", this::addRoleMember)
                .add("DELETE", "/v1.0/directoryRoles/{id}/members/{member}/$ref", this::removeRoleMember);
    }

    private static Action writeAction(String collection) {
        return switch (collection) {
            case "users" -> Actions.DIRECTORY_USERS_WRITE;
            case "groups" -> Actions.DIRECTORY_GROUPS_WRITE;
            case "applications" -> Actions.DIRECTORY_APPLICATIONS_WRITE;
            default -> Actions.DIRECTORY_SERVICE_PRINCIPALS_WRITE;
        };
    }

    private static String name(String verb, String collection) {
        return "Directory" + Character.toUpperCase(collection.charAt(0)) + collection.substring(1) + verb;
    }

    private static Target tenantScope(ManagementCall c) {
        return Target.of("/tenants/" + c.principal().tenantId());
    }

    private String base(ManagementCall c) {
        return c.exchange().baseUrl() + "/v1.0/";
    }

    private PrincipalRow find(ManagementCall c, String collection, String idOrName) {
        String kind = GraphJson.kindOf(collection);
        var byId = directory.principal(idOrName).filter(p -> p.kind().equals(kind));
        if (byId.isEmpty() && kind.equals(Directory.USER)) {
            byId = directory.userByName(c.principal().tenantId(), idOrName);
        }
        return byId.filter(p -> p.tenantId().equalsIgnoreCase(c.principal().tenantId()))
                .orElseThrow(() -> new NotFound("Request_ResourceNotFound", "Resource '" + idOrName
                        + "' does not exist or one of its queried reference-property objects are not present."));
    }

    private ObjectNode render(ManagementCall c, PrincipalRow p) {
        boolean app = p.kind().equals(Directory.APPLICATION) || p.kind().equals(Directory.SERVICE_PRINCIPAL);
        return GraphJson.object(base(c), p, app ? directory.credentials(p.objectId()) : List.of());
    }

    private void list(ManagementCall c, String collection) {
        Predicate<PrincipalRow> filter = filter(c.exchange().query("$filter"));
        int top = top(c.exchange().query("$top"));
        int skip = skip(c.exchange().query("$skiptoken"));
        List<PrincipalRow> all = c.run(Operation.publicOperation(name("List", collection)), tenantScope(c),
                () -> directory.principals(c.principal().tenantId(), GraphJson.kindOf(collection)).stream()
                        .filter(filter).toList());
        ArrayNode items = Json.MAPPER.createArrayNode();
        all.stream().skip(skip).limit(top).forEach(p -> items.add(render(c, p)));
        String next = skip + top < all.size() ? base(c) + collection + "?$top=" + top + "&$skiptoken="
                + Base64.getUrlEncoder().withoutPadding().encodeToString(Integer.toString(skip + top).getBytes())
                : null;
        c.exchange().sendJson(200, GraphJson.list(base(c) + "$metadata#" + collection, items, next));
    }

    private static Predicate<PrincipalRow> filter(String text) {
        if (text == null || text.isBlank()) {
            return p -> true;
        }
        Matcher spn = SPN_FILTER.matcher(text);
        if (spn.matches()) {
            return p -> spn.group(1).equalsIgnoreCase(p.appId());
        }
        Matcher m = FILTER.matcher(text);
        if (!m.matches()) {
            throw new BadRequest("Request_UnsupportedQuery", "Unsupported query: " + dev.coffer.objects.Names.sanitize(text));
        }
        String value = m.group(2);
        return switch (m.group(1).toLowerCase(Locale.ROOT)) {
            case "appid" -> p -> value.equalsIgnoreCase(p.appId());
            case "userprincipalname" -> p -> value.equalsIgnoreCase(p.userPrincipalName());
            case "id" -> p -> value.equalsIgnoreCase(p.objectId());
            default -> p -> value.equals(p.displayName());
        };
    }

    private static int top(String given) {
        if (given == null) {
            return 100;
        }
        try {
            int n = Integer.parseInt(given);
            if (n >= 1 && n <= 999) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new BadRequest("Request_BadRequest", "$top must be 1 to 999.");
    }

    private static int skip(String token) {
        if (token == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(new String(Base64.getUrlDecoder().decode(token))));
        } catch (RuntimeException e) {
            throw new BadRequest("Request_BadRequest", "The $skiptoken is not valid.");
        }
    }

    private void get(ManagementCall c, String collection) {
        PrincipalRow p = c.run(Operation.publicOperation(name("Get", collection)), tenantScope(c),
                () -> find(c, collection, c.param("id")));
        c.exchange().sendJson(200, render(c, p));
    }

    private void me(ManagementCall c) {
        PrincipalRow p = c.run(Operation.publicOperation("DirectoryMeGet"), tenantScope(c),
                () -> directory.require(c.principal().objectId(), null));
        c.exchange().sendJson(200, render(c, p));
    }

    private void create(ManagementCall c, String collection) {
        ObjectNode body = Json.parseObject(c.exchange().body());
        String tenant = c.principal().tenantId();
        String displayName = Fields.ARM.string(body, "displayName");
        PrincipalRow created = c.run(Operation.of(name("Create", collection), writeAction(collection))
                .withSuccessStatus(201), tenantScope(c), () -> switch (collection) {
                    case "users" -> {
                        ObjectNode profile = Fields.ARM.object(body, "passwordProfile");
                        String password = Fields.ARM.string(profile, "password");
                        Boolean enabled = Fields.ARM.bool(body, "accountEnabled");
                        yield directory.createUser(tenant, Fields.ARM.string(body, "userPrincipalName"), displayName,
                                password == null ? null : SecretBytes.ofUtf8(password), enabled == null || enabled);
                    }
                    case "groups" -> directory.createGroup(tenant, required(displayName, "displayName"));
                    case "applications" -> directory.createApplication(tenant, required(displayName, "displayName"));
                    default -> directory.createServicePrincipalFor(tenant,
                            required(Fields.ARM.string(body, "appId"), "appId"));
                });
        c.exchange().sendJson(201, render(c, created));
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new BadRequest("Request_BadRequest", "Property '" + name + "' is required.");
        }
        return value;
    }

    private void patch(ManagementCall c, String collection) {
        ObjectNode body = Json.parseObject(c.exchange().body());
        c.run(Operation.of(name("Update", collection), writeAction(collection)).withSuccessStatus(204), tenantScope(c),
                () -> {
                    PrincipalRow p = find(c, collection, c.param("id"));
                    directory.update(p.objectId(), Fields.ARM.string(body, "displayName"),
                            Fields.ARM.bool(body, "accountEnabled"));
                    ObjectNode profile = Fields.ARM.object(body, "passwordProfile");
                    if (profile != null && Fields.ARM.string(profile, "password") != null) {
                        directory.setPassword(p.objectId(), SecretBytes.ofUtf8(Fields.ARM.string(profile, "password")));
                    }
                    if (Directory.APPLICATION.equals(p.kind())) {
                        registerRedirectUris(p, body);
                    }
                    List<JsonNode> keys = Fields.ARM.array(body, "keyCredentials");
                    if (keys != null) {
                        for (JsonNode k : keys) {
                            addCertificate(p, Fields.ARM.string(k, "key"));
                        }
                    }
                    return null;
                });
        c.exchange().sendEmpty(204);
    }

    /** {@code web}, {@code publicClient} and {@code spa} redirect URIs, kept as one set per application. */
    private void registerRedirectUris(PrincipalRow app, ObjectNode body) {
        List<String> uris = new java.util.ArrayList<>();
        boolean given = false;
        for (String platform : List.of("web", "publicClient", "spa")) {
            ObjectNode section = Fields.ARM.object(body, platform);
            List<String> listed = section == null ? null : Fields.ARM.strings(section, "redirectUris");
            if (listed != null) {
                given = true;
                listed.stream().filter(u -> !uris.contains(u)).forEach(uris::add);
            }
        }
        if (given) {
            redirectUris.register(app.tenantId(), app.appId(), uris);
        }
    }

    private void addCertificate(PrincipalRow owner, String base64Der) {
        if (base64Der == null) {
            throw new BadRequest("Request_BadRequest", "Each keyCredential needs 'key' (base64 DER certificate).");
        }
        try {
            byte[] der = Base64.getDecoder().decode(base64Der);
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            directory.addCertificate(owner.objectId(), cert.getEncoded(), GraphJson.thumbprint(cert.getEncoded()),
                    cert.getNotAfter().toInstant().getEpochSecond());
        } catch (IllegalArgumentException | java.security.cert.CertificateException e) {
            throw new BadRequest("Request_BadRequest", "The keyCredential is not a base64 DER X.509 certificate.");
        }
    }

    private void delete(ManagementCall c, String collection) {
        c.run(Operation.of(name("Delete", collection), writeAction(collection)).withSuccessStatus(204), tenantScope(c),
                () -> {
                    directory.delete(find(c, collection, c.param("id")).objectId());
                    return null;
                });
        c.exchange().sendEmpty(204);
    }

    private void addPassword(ManagementCall c, String collection) {
        ObjectNode body = Json.parseObject(c.exchange().body());
        String displayName = Fields.ARM.string(Fields.ARM.object(body, "passwordCredential"), "displayName");
        IssuedClientSecret secret = c.run(Operation.of(name("AddPassword", collection), writeAction(collection)),
                tenantScope(c), () -> directory.addPassword(find(c, collection, c.param("id")).objectId(), displayName));
        c.exchange().sendJson(200, GraphJson.newPassword(secret, displayName, secret.expiresAt()
                - 2L * 365 * 86_400));
    }

    private void removePassword(ManagementCall c, String collection) {
        ObjectNode body = Json.parseObject(c.exchange().body());
        String keyId = required(Fields.ARM.string(body, "keyId"), "keyId");
        c.run(Operation.of(name("RemovePassword", collection), writeAction(collection)).withSuccessStatus(204),
                tenantScope(c), () -> {
                    directory.removeCredential(find(c, collection, c.param("id")).objectId(), keyId);
                    return null;
                });
        c.exchange().sendEmpty(204);
    }

    private void members(ManagementCall c) {
        List<PrincipalRow> members = c.run(Operation.publicOperation("DirectoryGroupMembersList"), tenantScope(c),
                () -> directory.members(find(c, "groups", c.param("id")).objectId()));
        ArrayNode items = Json.MAPPER.createArrayNode();
        members.forEach(p -> items.add(render(c, p)));
        c.exchange().sendJson(200, GraphJson.list(base(c) + "$metadata#directoryObjects", items, null));
    }

    private static String referencedId(ObjectNode body) {
        String ref = Fields.ARM.string(body, "@odata.id");
        Matcher m = ref == null ? null : REF.matcher(ref);
        if (m == null || !m.find()) {
            throw new BadRequest("Request_BadRequest", "'@odata.id' must reference .../directoryObjects/{id}.");
        }
        return m.group(1);
    }

    private void addMember(ManagementCall c) {
        ObjectNode body = Json.parseObject(c.exchange().body());
        c.run(Operation.of("DirectoryGroupMemberAdd", Actions.DIRECTORY_GROUPS_WRITE).withSuccessStatus(204),
                tenantScope(c), () -> {
                    directory.addMember(find(c, "groups", c.param("id")).objectId(), referencedId(body));
                    return null;
                });
        c.exchange().sendEmpty(204);
    }

    private void removeMember(ManagementCall c) {
        c.run(Operation.of("DirectoryGroupMemberRemove", Actions.DIRECTORY_GROUPS_WRITE).withSuccessStatus(204),
                tenantScope(c), () -> {
                    directory.removeMember(find(c, "groups", c.param("id")).objectId(), c.param("member"));
                    return null;
                });
        c.exchange().sendEmpty(204);
    }

    private void listRoles(ManagementCall c) {
        ArrayNode items = Json.MAPPER.createArrayNode();
        c.run(Operation.publicOperation("DirectoryRolesList"), tenantScope(c), () -> null);
        for (DirectoryRoles.Template t : DirectoryRoles.TEMPLATES.values()) {
            ObjectNode r = items.addObject();
            r.put("id", t.id());
            r.put("roleTemplateId", t.id());
            r.put("displayName", t.displayName());
            ArrayNode members = r.putArray("members");
            roles.members(c.principal().tenantId(), t.id()).forEach(members::add);
        }
        c.exchange().sendJson(200, GraphJson.list(base(c) + "$metadata#directoryRoles", items, null));
    }

    private void addRoleMember(ManagementCall c) {
        ObjectNode body = Json.parseObject(c.exchange().body());
        c.run(Operation.of("DirectoryRoleMemberAdd", Actions.DIRECTORY_ROLES_WRITE).withSuccessStatus(204),
                tenantScope(c), () -> {
                    String member = directory.require(referencedId(body), null).objectId();
                    roles.addMember(c.principal().tenantId(), c.param("id"), member);
                    return null;
                });
        c.exchange().sendEmpty(204);
    }

    private void removeRoleMember(ManagementCall c) {
        c.run(Operation.of("DirectoryRoleMemberRemove", Actions.DIRECTORY_ROLES_WRITE).withSuccessStatus(204),
                tenantScope(c), () -> {
                    roles.removeMember(c.principal().tenantId(), c.param("id"), c.param("member"));
                    return null;
                });
        c.exchange().sendEmpty(204);
    }
}
