package dev.coffer.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.authz.Actions;
import dev.coffer.authz.Scope;
import dev.coffer.core.Operation;
import dev.coffer.core.Target;
import dev.coffer.error.BadRequest;
import dev.coffer.identity.Endpoints;
import dev.coffer.resources.AccessPolicyRules;
import dev.coffer.resources.Subscriptions;
import dev.coffer.resources.Upserted;
import dev.coffer.resources.VaultChange;
import dev.coffer.resources.VaultSpec;
import dev.coffer.resources.Vaults;
import dev.coffer.store.AccessPolicyRow;
import dev.coffer.store.VaultRow;
import dev.coffer.wire.ArmJson;
import java.util.List;
import java.util.Locale;

/** Microsoft.KeyVault/vaults on the management plane. */
public final class VaultRoutes {

    private static final String VAULTS = "/subscriptions/{sub}/resourcegroups/{rg}/providers/Microsoft.KeyVault/vaults";

    static final Operation PUT = Operation.of("VaultPut", Actions.VAULTS_WRITE);
    static final Operation PATCH = Operation.of("VaultPatch", Actions.VAULTS_WRITE);
    static final Operation GET = Operation.of("VaultGet", Actions.VAULTS_READ);
    static final Operation LIST = Operation.of("VaultList", Actions.VAULTS_READ);
    static final Operation DELETE = Operation.of("VaultDelete", Actions.VAULTS_DELETE);
    static final Operation ACCESS_POLICIES = Operation.of("VaultAccessPolicyUpdate", Actions.VAULT_ACCESS_POLICIES_WRITE);
    static final Operation MANAGED_HSM_LIST = Operation.publicOperation("ManagedHsmList");
    static final Operation DELETED_LIST = Operation.of("DeletedVaultList", Actions.DELETED_VAULTS_READ);
    static final Operation DELETED_GET = Operation.of("DeletedVaultGet", Actions.DELETED_VAULTS_READ);
    static final Operation PURGE = Operation.of("DeletedVaultPurge", Actions.DELETED_VAULTS_PURGE);
    static final Operation CHECK_NAME = Operation.of("VaultCheckNameAvailability", Actions.CHECK_NAME_AVAILABILITY);

    private final Vaults vaults;
    private final Subscriptions subscriptions;
    private final Endpoints endpoints;

    public VaultRoutes(Vaults vaults, Subscriptions subscriptions, Endpoints endpoints) {
        this.vaults = vaults;
        this.subscriptions = subscriptions;
        this.endpoints = endpoints;
    }

    public void register(Router<ManagementRoute> router) {
        router.add("GET", VAULTS, this::listInGroup)
                .add("PUT", VAULTS + "/{vault}", this::put)
                .add("PATCH", VAULTS + "/{vault}", this::patch)
                .add("GET", VAULTS + "/{vault}", this::get)
                .add("DELETE", VAULTS + "/{vault}", this::delete)
                .add("PUT", VAULTS + "/{vault}/accessPolicies/{kind}", this::accessPolicies)
                .add("GET", "/subscriptions/{sub}/providers/Microsoft.KeyVault/vaults", this::listInSubscription)
                .add("GET", "/subscriptions/{sub}/resources", this::listGenericResources)
                .add("GET", "/subscriptions/{sub}/providers/Microsoft.KeyVault/deletedVaults", this::listDeleted)
                .add("GET", "/subscriptions/{sub}/providers/Microsoft.KeyVault/locations/{loc}/deletedVaults/{vault}",
                        this::getDeleted)
                .add("POST", "/subscriptions/{sub}/providers/Microsoft.KeyVault/locations/{loc}/deletedVaults/{vault}/purge",
                        this::purge)
                .add("POST", "/subscriptions/{sub}/providers/Microsoft.KeyVault/checkNameAvailability", this::checkName)
                // Coffer has vaults only; `az keyvault list` and `list-deleted` also ask for managed HSMs.
                .add("GET", "/subscriptions/{sub}/providers/Microsoft.KeyVault/managedHSMs", this::noManagedHsms)
                .add("GET", "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.KeyVault/managedHSMs",
                        this::noManagedHsms)
                .add("GET", "/subscriptions/{sub}/providers/Microsoft.KeyVault/deletedManagedHSMs",
                        this::noManagedHsms);
    }

    /** An empty list, whoever asks: there is nothing to hide, and a refusal would fail the CLI's vault listing. */
    private void noManagedHsms(ManagementCall c) {
        version(c);
        c.run(MANAGED_HSM_LIST, Target.of(Scope.subscription(c.param("sub"))), () -> null);
        c.exchange().sendJson(200, ArmJson.list(Json.MAPPER.createArrayNode()));
    }

    private String vaultUri(VaultRow v) {
        return "https://" + v.name().toLowerCase(Locale.ROOT) + "." + endpoints.vaultResource().substring("https://".length())
                + "/";
    }

    private static String version(ManagementCall c) {
        return ApiVersions.require(ApiVersions.Family.KEYVAULT, c.apiVersion());
    }

    private static String scope(ManagementCall c) {
        return Scope.vault(c.param("sub"), c.param("rg"), c.param("vault"));
    }

    /** Marks a change that gives the caller (or a group it is in) data access through access policies. */
    private static Target flagSelfGrant(ManagementCall c, Target target, List<AccessPolicyRow> policies) {
        if (policies == null) {
            return target;
        }
        java.util.Set<String> self = new java.util.HashSet<>(c.principal().groupIds());
        self.add(c.principal().objectId());
        return AccessPolicyRules.grantsAnyOf(policies, self) ? target.with(Target.SELF_GRANT, "true") : target;
    }

    /**
     * What a PUT or PATCH of a vault asks the Authorizer to decide on: whether it grants the caller, and
     * role-assignment write when it switches the permission model. (Whether it altered the access policies is
     * the engine's answer, found inside the write; the audit outcome carries it.)
     */
    private Target writeTarget(ManagementCall c, VaultSpec spec) {
        Target target = flagSelfGrant(c, Target.of(scope(c)), spec.accessPolicies());
        if (vaults.switchesModel(c.param("sub"), c.param("rg"), c.param("vault"), spec)) {
            target = target.requiring(Actions.ROLE_ASSIGNMENTS_WRITE);
        }
        return target;
    }

    private void put(ManagementCall c) {
        String apiVersion = version(c);
        VaultSpec spec = ArmJson.parseVault(Json.parseObject(c.exchange().body()));
        Target target = writeTarget(c, spec);
        Upserted<VaultChange> result = c.run(PUT, target, () -> {
            ResourceRoutes.inCallerTenant(c, subscriptions.require(c.param("sub")));
            return vaults.put(c.param("sub"), c.param("rg"), c.param("vault"), spec,
                    ApiVersions.rbacByDefault(apiVersion), c.principal().objectId());
        });
        VaultRow v = result.value().vault();
        c.exchange().sendJson(result.created() ? 201 : 200, ArmJson.vault(v, vaultUri(v)));
    }

    private void patch(ManagementCall c) {
        version(c);
        VaultSpec spec = ArmJson.parseVault(Json.parseObject(c.exchange().body()));
        Target target = writeTarget(c, spec);
        VaultRow v = c.run(PATCH, target,
                () -> vaults.patch(c.param("sub"), c.param("rg"), c.param("vault"), spec, c.principal().objectId()))
                .vault();
        c.exchange().sendJson(200, ArmJson.vault(v, vaultUri(v)));
    }

    private void get(ManagementCall c) {
        version(c);
        VaultRow v = c.run(GET, Target.of(scope(c)), () -> vaults.require(c.param("sub"), c.param("rg"), c.param("vault")));
        c.exchange().sendJson(200, ArmJson.vault(v, vaultUri(v)));
    }

    private void delete(ManagementCall c) {
        version(c);
        boolean existed = c.run(DELETE, Target.of(scope(c)), () -> {
            if (vaults.find(c.param("sub"), c.param("rg"), c.param("vault")).isEmpty()) {
                return false;
            }
            vaults.delete(c.param("sub"), c.param("rg"), c.param("vault"));
            return true;
        });
        c.exchange().sendEmpty(existed ? 200 : 204);
    }

    private void accessPolicies(ManagementCall c) {
        version(c);
        String kind = c.param("kind").toLowerCase(Locale.ROOT);
        if (!List.of("add", "replace", "remove").contains(kind)) {
            throw new BadRequest("InvalidRequestContent", "The operation kind must be add, replace or remove.");
        }
        ObjectNode body = Json.parseObject(c.exchange().body());
        List<AccessPolicyRow> change = ArmJson.parseAccessPolicies(Fields.ARM.object(body, "properties"));
        if (change == null) {
            throw new BadRequest("InvalidRequestContent", "'properties.accessPolicies' is required.");
        }
        Target target = kind.equals("remove") ? Target.of(scope(c)) : flagSelfGrant(c, Target.of(scope(c)), change);
        VaultRow v = c.run(ACCESS_POLICIES, target, () -> vaults.updateAccessPolicies(c.param("sub"),
                c.param("rg"), c.param("vault"), kind, change, c.principal().objectId()));
        ObjectNode out = Json.object();
        out.put("id", scope(c) + "/accessPolicies/" + kind);
        out.put("type", "Microsoft.KeyVault/vaults/accessPolicies");
        out.putObject("properties").set("accessPolicies", ArmJson.accessPolicies(v.accessPolicies()));
        c.exchange().sendJson(200, out);
    }

    private void listInGroup(ManagementCall c) {
        version(c);
        List<VaultRow> list = c.run(LIST, Target.of(Scope.resourceGroup(c.param("sub"), c.param("rg"))),
                () -> vaults.listLive(c.param("sub"), c.param("rg")));
        sendVaults(c, list);
    }

    private void listInSubscription(ManagementCall c) {
        version(c);
        List<VaultRow> list = c.run(LIST, Target.of(Scope.subscription(c.param("sub"))), () -> vaults.listLive(
                c.param("sub"), null));
        sendVaults(c, list);
    }

    private void sendVaults(ManagementCall c, List<VaultRow> list) {
        ArrayNode items = Json.MAPPER.createArrayNode();
        list.forEach(v -> items.add(ArmJson.vault(v, vaultUri(v))));
        ObjectNode body = ArmJson.list(items);
        body.putNull("nextLink");
        c.exchange().sendJson(200, body);
    }

    /** The generic listing older CLIs use for {@code az keyvault list}. */
    private void listGenericResources(ManagementCall c) {
        ApiVersions.require(ApiVersions.Family.RESOURCES, c.apiVersion());
        String filter = c.exchange().query("$filter");
        boolean vaultsOnly = filter != null && filter.toLowerCase(Locale.ROOT).contains("microsoft.keyvault/vaults");
        List<VaultRow> list = c.run(LIST, Target.of(Scope.subscription(c.param("sub"))),
                () -> filter == null || vaultsOnly ? vaults.listLive(c.param("sub"), null) : List.<VaultRow>of());
        ArrayNode items = Json.MAPPER.createArrayNode();
        for (VaultRow v : list) {
            ObjectNode item = items.addObject();
            item.put("id", Scope.vault(v.subscriptionId(), v.resourceGroup(), v.name()));
            item.put("name", v.name());
            item.put("type", "Microsoft.KeyVault/vaults");
            item.put("location", v.location());
            ObjectNode tags = item.putObject("tags");
            v.tags().forEach(tags::put);
        }
        c.exchange().sendJson(200, ArmJson.list(items));
    }

    private void listDeleted(ManagementCall c) {
        version(c);
        List<VaultRow> list = c.run(DELETED_LIST, Target.of(Scope.subscription(c.param("sub"))),
                () -> vaults.listDeleted(c.param("sub")));
        ArrayNode items = Json.MAPPER.createArrayNode();
        list.forEach(v -> items.add(ArmJson.deletedVault(v)));
        c.exchange().sendJson(200, ArmJson.list(items));
    }

    private void getDeleted(ManagementCall c) {
        version(c);
        VaultRow v = c.run(DELETED_GET, Target.of(Scope.subscription(c.param("sub"))),
                () -> vaults.requireDeleted(c.param("sub"), c.param("loc"), c.param("vault")));
        c.exchange().sendJson(200, ArmJson.deletedVault(v));
    }

    private void purge(ManagementCall c) {
        version(c);
        c.run(PURGE, Target.of(Scope.subscription(c.param("sub"))), () -> {
            vaults.purge(c.param("sub"), c.param("loc"), c.param("vault"));
            return null;
        });
        c.exchange().sendEmpty(200);
    }

    private void checkName(ManagementCall c) {
        version(c);
        ObjectNode body = Json.parseObject(c.exchange().body());
        String name = Fields.ARM.string(body, "name");
        if (name == null) {
            throw new BadRequest("InvalidRequestContent", "'name' is required.");
        }
        ObjectNode out = c.run(CHECK_NAME, Target.of(Scope.subscription(c.param("sub"))), () -> {
            ObjectNode r = Json.object();
            if (!name.matches("^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$")) {
                r.put("nameAvailable", false);
                r.put("reason", "AccountNameInvalid");
                r.put("message", "Vault names are 3-24 alphanumerics and hyphens, start with a letter, end with a "
                        + "letter or digit, and have no consecutive hyphens.");
            } else if (vaults.byName(name).isPresent() || !vaults.listDeleted(c.param("sub")).stream()
                    .filter(v -> v.name().equalsIgnoreCase(name)).toList().isEmpty()) {
                r.put("nameAvailable", false);
                r.put("reason", "AlreadyExists");
                r.put("message", "The vault name '" + name + "' is already in use.");
            } else {
                r.put("nameAvailable", true);
            }
            return r;
        });
        c.exchange().sendJson(200, out);
    }
}
