package dev.coffer.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.authz.Actions;
import dev.coffer.core.Operation;
import dev.coffer.error.BadRequest;
import dev.coffer.objects.RecoveryPolicy;
import dev.coffer.secrets.DeletedSecret;
import dev.coffer.secrets.Secret;
import dev.coffer.secrets.SecretProperties;
import dev.coffer.secrets.SecretService;
import dev.coffer.wire.SecretJson;
import java.util.Base64;

/** The secrets API of a vault: each route names its operation and maps wire JSON to the engine and back. */
public final class SecretRoutes {

    static final Operation SET = Operation.of("SecretSet", Actions.SECRETS_SET);
    static final Operation GET = Operation.of("SecretGet", Actions.SECRETS_GET);
    static final Operation UPDATE = Operation.of("SecretUpdate", Actions.SECRETS_UPDATE);
    static final Operation DELETE = Operation.of("SecretDelete", Actions.SECRETS_DELETE);
    static final Operation LIST = Operation.of("SecretList", Actions.SECRETS_READ_METADATA);
    static final Operation LIST_VERSIONS = Operation.of("SecretListVersions", Actions.SECRETS_READ_METADATA);
    static final Operation LIST_DELETED = Operation.of("SecretListDeleted", Actions.SECRETS_READ_METADATA);
    static final Operation GET_DELETED = Operation.of("SecretGetDeleted", Actions.SECRETS_READ_METADATA)
            .withPolicyPermission("get");
    static final Operation RECOVER = Operation.of("SecretRecover", Actions.SECRETS_RECOVER);
    static final Operation PURGE = Operation.of("SecretPurge", Actions.SECRETS_PURGE).withSuccessStatus(204);
    static final Operation BACKUP = Operation.of("SecretBackup", Actions.SECRETS_BACKUP).changingNothing();
    static final Operation RESTORE = Operation.of("SecretRestore", Actions.SECRETS_RESTORE);

    private final SecretService secrets;

    public SecretRoutes(SecretService secrets) {
        this.secrets = secrets;
    }

    public void register(Router<DataRoute> router) {
        router.add("GET", "/secrets", this::list)
                .add("POST", "/secrets/restore", this::restore)
                .add("GET", "/secrets/{name}/versions", this::listVersions)
                .add("POST", "/secrets/{name}/backup", this::backup)
                .add("PUT", "/secrets/{name}", this::set)
                .add("GET", "/secrets/{name}", this::get)
                .add("GET", "/secrets/{name}/{version?}", this::get)
                .add("PATCH", "/secrets/{name}", this::update)
                .add("PATCH", "/secrets/{name}/{version?}", this::update)
                .add("DELETE", "/secrets/{name}", this::delete)
                .add("GET", "/deletedsecrets", this::listDeleted)
                .add("GET", "/deletedsecrets/{name}", this::getDeleted)
                .add("DELETE", "/deletedsecrets/{name}", this::purge)
                .add("POST", "/deletedsecrets/{name}/recover", this::recover);
    }

    private static String objectPath(DataCall c) {
        return "secrets/" + c.param("name");
    }

    private static RecoveryPolicy policy(DataCall c) {
        return RecoveryPolicy.of(c.vault());
    }

    private void set(DataCall c) {
        Secret s = c.run(SET, objectPath(c), () -> secrets.set(c.vault(),
                SecretJson.parseSet(c.param("name"), Json.parseObject(c.exchange().body()))));
        c.exchange().sendJson(200, SecretJson.bundle(c.vaultUrl(), s, policy(c)));
    }

    private void get(DataCall c) {
        Secret s = c.run(GET, objectPath(c), () -> secrets.get(c.vault(), c.param("name"), c.param("version")));
        c.exchange().sendJson(200, SecretJson.bundle(c.vaultUrl(), s, policy(c)));
    }

    private void update(DataCall c) {
        SecretProperties p = c.run(UPDATE, objectPath(c), () -> secrets.update(c.vault(), c.param("name"),
                c.param("version"), SecretJson.parseUpdate(Json.parseObject(c.exchange().body()))));
        c.exchange().sendJson(200, SecretJson.bundleWithoutValue(c.vaultUrl(), p, policy(c)));
    }

    private void delete(DataCall c) {
        DeletedSecret d = c.run(DELETE, objectPath(c), () -> secrets.delete(c.vault(), c.param("name")));
        c.exchange().sendJson(200, SecretJson.deleted(c.vaultUrl(), d, policy(c), true));
    }

    private void list(DataCall c) {
        c.sendPage(LIST, null, "/secrets", (marker, max) -> secrets.list(c.vault(), marker, max),
                p -> SecretJson.item(c.vaultUrl(), p, policy(c), false));
    }

    private void listVersions(DataCall c) {
        c.sendPage(LIST_VERSIONS, objectPath(c), "/secrets/" + c.param("name") + "/versions",
                (marker, max) -> secrets.listVersions(c.vault(), c.param("name"), marker, max),
                p -> SecretJson.item(c.vaultUrl(), p, policy(c), true));
    }

    private void listDeleted(DataCall c) {
        c.sendPage(LIST_DELETED, null, "/deletedsecrets", (marker, max) -> secrets.listDeleted(c.vault(), marker, max),
                d -> SecretJson.deleted(c.vaultUrl(), d, policy(c), false));
    }

    private void getDeleted(DataCall c) {
        DeletedSecret d = c.run(GET_DELETED, objectPath(c), () -> secrets.getDeleted(c.vault(), c.param("name")));
        c.exchange().sendJson(200, SecretJson.deleted(c.vaultUrl(), d, policy(c), true));
    }

    private void purge(DataCall c) {
        c.run(PURGE, objectPath(c), () -> {
            secrets.purge(c.vault(), c.param("name"));
            return null;
        });
        c.exchange().sendEmpty(204);
    }

    private void recover(DataCall c) {
        SecretProperties p = c.run(RECOVER, objectPath(c), () -> secrets.recover(c.vault(), c.param("name")));
        c.exchange().sendJson(200, SecretJson.bundleWithoutValue(c.vaultUrl(), p, policy(c)));
    }

    private void backup(DataCall c) {
        byte[] blob = c.run(BACKUP, objectPath(c), () -> secrets.backup(c.vault(), c.param("name")));
        ObjectNode body = Json.object();
        body.put("value", Base64.getUrlEncoder().withoutPadding().encodeToString(blob));
        c.exchange().sendJson(200, body);
    }

    private void restore(DataCall c) {
        SecretProperties p = c.run(RESTORE, null, () -> {
            ObjectNode body = Json.parseObject(c.exchange().body());
            String value = Fields.DATA.string(body, "value");
            if (value == null) {
                throw new BadRequest("BadParameter", "The parameter 'value' is required.");
            }
            byte[] blob;
            try {
                blob = Base64.getUrlDecoder().decode(value.replace('+', '-').replace('/', '_').replace("=", ""));
            } catch (IllegalArgumentException e) {
                throw new BadRequest("BadParameter", "The backup blob is not valid base64url.");
            }
            return secrets.restore(c.vault(), blob);
        });
        c.exchange().sendJson(200, SecretJson.bundleWithoutValue(c.vaultUrl(), p, policy(c)));
    }
}
