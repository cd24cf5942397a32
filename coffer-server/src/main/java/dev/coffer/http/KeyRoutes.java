package dev.coffer.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.authz.Actions;
import dev.coffer.core.Operation;
import dev.coffer.error.BadRequest;
import dev.coffer.keys.DeletedKey;
import dev.coffer.keys.KeyBundle;
import dev.coffer.keys.KeyEngines;
import dev.coffer.keys.KeyRotationPolicy;
import dev.coffer.keys.KeyRotationService;
import dev.coffer.keys.KeyService;
import dev.coffer.objects.RecoveryPolicy;
import dev.coffer.wire.KeyJson;
import dev.coffer.wire.KeyRotationJson;

/**
 * The keys API of a vault (lifecycle); {@link KeyCryptoRoutes} adds the cryptographic operations. Each route
 * names its operation and maps wire JSON to the engine and back. Literal paths are registered before the
 * {@code {version}} templates they would otherwise be taken for.
 */
public final class KeyRoutes {

    static final Operation CREATE = Operation.of("KeyCreate", Actions.KEYS_CREATE);
    static final Operation IMPORT = Operation.of("KeyImport", Actions.KEYS_IMPORT);
    static final Operation GET = Operation.of("KeyGet", Actions.KEYS_READ);
    static final Operation UPDATE = Operation.of("KeyUpdate", Actions.KEYS_UPDATE);
    static final Operation DELETE = Operation.of("KeyDelete", Actions.KEYS_DELETE);
    static final Operation LIST = Operation.of("KeyList", Actions.KEYS_READ).withPolicyPermission("list");
    static final Operation LIST_VERSIONS = Operation.of("KeyListVersions", Actions.KEYS_READ)
            .withPolicyPermission("list");
    static final Operation LIST_DELETED = Operation.of("KeyListDeleted", Actions.KEYS_READ)
            .withPolicyPermission("list");
    static final Operation GET_DELETED = Operation.of("KeyGetDeleted", Actions.KEYS_READ);
    static final Operation RECOVER = Operation.of("KeyRecover", Actions.KEYS_RECOVER);
    static final Operation PURGE = Operation.of("KeyPurge", Actions.KEYS_PURGE).withSuccessStatus(204);
    static final Operation BACKUP = Operation.of("KeyBackup", Actions.KEYS_BACKUP).changingNothing();
    static final Operation RESTORE = Operation.of("KeyRestore", Actions.KEYS_RESTORE);
    static final Operation ROTATE = Operation.of("KeyRotate", Actions.KEYS_ROTATE);
    static final Operation GET_ROTATION_POLICY = Operation.of("KeyRotationPolicyGet",
            Actions.KEY_ROTATION_POLICIES_READ);
    static final Operation SET_ROTATION_POLICY = Operation.of("KeyRotationPolicySet",
            Actions.KEY_ROTATION_POLICIES_WRITE);

    private final KeyService keys;
    private final KeyRotationService rotation;
    private final KeyCryptoRoutes crypto;

    public KeyRoutes(KeyEngines engines) {
        this.keys = engines.keys();
        this.rotation = engines.rotation();
        this.crypto = new KeyCryptoRoutes(engines.crypto());
    }

    public void register(Router<DataRoute> router) {
        router.add("GET", "/keys", this::list)
                .add("POST", "/keys/restore", this::restore)
                .add("GET", "/keys/{name}/versions", this::listVersions)
                .add("POST", "/keys/{name}/backup", this::backup)
                .add("POST", "/keys/{name}/create", this::create)
                .add("POST", "/keys/{name}/rotate", this::rotate)
                .add("GET", "/keys/{name}/rotationpolicy", this::getRotationPolicy)
                .add("PUT", "/keys/{name}/rotationpolicy", this::setRotationPolicy);
        crypto.register(router);
        router.add("PUT", "/keys/{name}", this::importKey)
                .add("GET", "/keys/{name}", this::get)
                .add("GET", "/keys/{name}/{version?}", this::get)
                .add("PATCH", "/keys/{name}", this::update)
                .add("PATCH", "/keys/{name}/{version?}", this::update)
                .add("DELETE", "/keys/{name}", this::delete)
                .add("GET", "/deletedkeys", this::listDeleted)
                .add("GET", "/deletedkeys/{name}", this::getDeleted)
                .add("DELETE", "/deletedkeys/{name}", this::purge)
                .add("POST", "/deletedkeys/{name}/recover", this::recover);
    }

    static String objectPath(DataCall c) {
        return "keys/" + c.param("name");
    }

    static RecoveryPolicy policy(DataCall c) {
        return RecoveryPolicy.of(c.vault());
    }

    private void create(DataCall c) {
        KeyBundle k = c.run(CREATE, objectPath(c), () -> keys.create(c.vault(),
                KeyJson.parseCreate(c.param("name"), Json.parseObject(c.exchange().body()))));
        c.exchange().sendJson(200, KeyJson.bundle(c.vaultUrl(), k, policy(c)));
    }

    private void importKey(DataCall c) {
        KeyBundle k = c.run(IMPORT, objectPath(c), () -> keys.importKey(c.vault(),
                KeyJson.parseImport(c.param("name"), Json.parseObject(c.exchange().body()))));
        c.exchange().sendJson(200, KeyJson.bundle(c.vaultUrl(), k, policy(c)));
    }

    private void get(DataCall c) {
        KeyBundle k = c.run(GET, objectPath(c), () -> keys.get(c.vault(), c.param("name"), c.param("version")));
        c.exchange().sendJson(200, KeyJson.bundle(c.vaultUrl(), k, policy(c)));
    }

    private void update(DataCall c) {
        KeyBundle k = c.run(UPDATE, objectPath(c), () -> keys.update(c.vault(), c.param("name"),
                c.param("version"), KeyJson.parseUpdate(Json.parseObject(c.exchange().body()))));
        c.exchange().sendJson(200, KeyJson.bundle(c.vaultUrl(), k, policy(c)));
    }

    private void delete(DataCall c) {
        DeletedKey d = c.run(DELETE, objectPath(c), () -> keys.delete(c.vault(), c.param("name")));
        c.exchange().sendJson(200, KeyJson.deleted(c.vaultUrl(), d, policy(c), true));
    }

    private void list(DataCall c) {
        c.sendPage(LIST, null, "/keys", (marker, max) -> keys.list(c.vault(), marker, max),
                p -> KeyJson.item(c.vaultUrl(), p, policy(c), false));
    }

    private void listVersions(DataCall c) {
        c.sendPage(LIST_VERSIONS, objectPath(c), "/keys/" + c.param("name") + "/versions",
                (marker, max) -> keys.listVersions(c.vault(), c.param("name"), marker, max),
                p -> KeyJson.item(c.vaultUrl(), p, policy(c), true));
    }

    private void listDeleted(DataCall c) {
        c.sendPage(LIST_DELETED, null, "/deletedkeys", (marker, max) -> keys.listDeleted(c.vault(), marker, max),
                d -> KeyJson.deleted(c.vaultUrl(), d, policy(c), false));
    }

    private void getDeleted(DataCall c) {
        DeletedKey d = c.run(GET_DELETED, objectPath(c), () -> keys.getDeleted(c.vault(), c.param("name")));
        c.exchange().sendJson(200, KeyJson.deleted(c.vaultUrl(), d, policy(c), true));
    }

    private void purge(DataCall c) {
        c.run(PURGE, objectPath(c), () -> {
            keys.purge(c.vault(), c.param("name"));
            return null;
        });
        c.exchange().sendEmpty(204);
    }

    private void recover(DataCall c) {
        KeyBundle k = c.run(RECOVER, objectPath(c), () -> keys.recover(c.vault(), c.param("name")));
        c.exchange().sendJson(200, KeyJson.bundle(c.vaultUrl(), k, policy(c)));
    }

    private void backup(DataCall c) {
        byte[] blob = c.run(BACKUP, objectPath(c), () -> keys.backup(c.vault(), c.param("name")));
        ObjectNode body = Json.object();
        body.put("value", KeyJson.encode(blob));
        c.exchange().sendJson(200, body);
    }

    private void restore(DataCall c) {
        KeyBundle k = c.run(RESTORE, null, () -> {
            ObjectNode body = Json.parseObject(c.exchange().body());
            byte[] blob = KeyJson.bytes(body, "value");
            if (blob == null) {
                throw new BadRequest("BadParameter", "The parameter 'value' is required.");
            }
            return keys.restore(c.vault(), blob);
        });
        c.exchange().sendJson(200, KeyJson.bundle(c.vaultUrl(), k, policy(c)));
    }

    private void rotate(DataCall c) {
        KeyBundle k = c.run(ROTATE, objectPath(c), () -> rotation.rotate(c.vault(), c.param("name")));
        c.exchange().sendJson(200, KeyJson.bundle(c.vaultUrl(), k, policy(c)));
    }

    private void getRotationPolicy(DataCall c) {
        KeyRotationPolicy p = c.run(GET_ROTATION_POLICY, objectPath(c),
                () -> rotation.getPolicy(c.vault(), c.param("name")));
        c.exchange().sendJson(200, KeyRotationJson.policy(c.vaultUrl(), p));
    }

    private void setRotationPolicy(DataCall c) {
        KeyRotationPolicy p = c.run(SET_ROTATION_POLICY, objectPath(c), () -> {
            KeyRotationJson.Update u = KeyRotationJson.parse(Json.parseObject(c.exchange().body()));
            return rotation.setPolicy(c.vault(), c.param("name"), u.lifetimeActions(), u.expiryTime());
        });
        c.exchange().sendJson(200, KeyRotationJson.policy(c.vaultUrl(), p));
    }
}
