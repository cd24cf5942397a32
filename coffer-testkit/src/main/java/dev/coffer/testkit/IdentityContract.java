package dev.coffer.testkit;

import static dev.coffer.testkit.StoreRows.T0;
import static dev.coffer.testkit.StoreRows.servicePrincipal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.store.GroupMemberRow;
import dev.coffer.store.PrincipalRow;
import dev.coffer.store.ReadTx;
import dev.coffer.store.RefreshTokenRow;
import dev.coffer.store.RoleDefinitionRow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The directory side of the store contract: users by name, group memberships, refresh tokens, settings. */
public abstract class IdentityContract extends StoreContractSupport {

    private static PrincipalRow user(String id, String upn) {
        return new PrincipalRow(id, "tenant", "User", null, "User " + id, true, T0, upn);
    }

    private static PrincipalRow group(String id) {
        return new PrincipalRow(id, "tenant", "Group", null, "Group " + id, true, T0, null);
    }

    @Test
    void usersAreFoundByPrincipalNameCaseInsensitively() {
        write(tx -> tx.putPrincipal(user("u-1", "Alice@Example.Test")));
        assertThat(store.read((ReadTx tx) -> tx.principalByUpn("TENANT", "alice@example.test")))
                .hasValueSatisfying(p -> assertThat(p.userPrincipalName()).isEqualTo("Alice@Example.Test"));
        assertThat(store.read((ReadTx tx) -> tx.principalByUpn("other", "alice@example.test"))).isEmpty();
    }

    @Test
    void servicePrincipalIsFoundByAppIdEvenWhenItsApplicationObjectSharesIt() {
        write(tx -> {
            tx.putPrincipal(new PrincipalRow("app-obj", "tenant", "Application", "App-1", "app", true, T0, null));
            tx.putPrincipal(servicePrincipal("sp-obj", "tenant", "app-1"));
        });
        assertThat(store.read((ReadTx tx) -> tx.principalByAppId("tenant", "APP-1")))
                .hasValueSatisfying(p -> assertThat(p.objectId()).isEqualTo("sp-obj"));
    }

    @Test
    void membershipsRoundTripAndDieWithEitherSide() {
        write(tx -> {
            tx.putPrincipal(group("g-1"));
            tx.putPrincipal(group("g-2"));
            tx.putPrincipal(user("u-1", "u1@x"));
            tx.putGroupMember(new GroupMemberRow("g-1", "u-1"));
            tx.putGroupMember(new GroupMemberRow("g-1", "u-1"));
            tx.putGroupMember(new GroupMemberRow("g-2", "g-1"));
        });
        assertThat(store.read((ReadTx tx) -> tx.groupMembers()))
                .containsExactlyInAnyOrder(new GroupMemberRow("g-1", "u-1"), new GroupMemberRow("g-2", "g-1"));
        write(tx -> tx.deleteGroupMember("G-2", "G-1"));
        assertThat(store.read((ReadTx tx) -> tx.groupMembers())).containsExactly(new GroupMemberRow("g-1", "u-1"));
        write(tx -> tx.deletePrincipal("u-1"));
        assertThat(store.read((ReadTx tx) -> tx.groupMembers())).isEmpty();
        write(tx -> {
            tx.putPrincipal(user("u-2", "u2@x"));
            tx.putGroupMember(new GroupMemberRow("g-1", "u-2"));
            tx.deletePrincipal("g-1");
        });
        assertThat(store.read((ReadTx tx) -> tx.groupMembers())).isEmpty();
    }

    @Test
    void refreshTokensAreFoundByHashAndRevoked() {
        byte[] h1 = {1, 2, 3};
        byte[] h2 = {4, 5, 6};
        write(tx -> {
            tx.putPrincipal(user("u-1", "u1@x"));
            tx.putRefreshToken(new RefreshTokenRow(h1, "u-1", "tenant", "client", "scope", "pwd", T0, T0 + 10));
            tx.putRefreshToken(new RefreshTokenRow(h2, "u-1", "tenant", "client", "scope", "pwd mfa", T0, T0 + 10));
        });
        assertThat(store.read((ReadTx tx) -> tx.refreshToken(new byte[] {1, 2, 3})))
                .hasValueSatisfying(r -> assertThat(r.objectId()).isEqualTo("u-1"));
        write(tx -> tx.deleteRefreshToken(h1));
        assertThat(store.read((ReadTx tx) -> tx.refreshToken(h1))).isEmpty();
        write(tx -> tx.deleteRefreshTokens("U-1"));
        assertThat(store.read((ReadTx tx) -> tx.refreshToken(h2))).isEmpty();
    }

    @Test
    void customRoleDefinitionsRoundTripAndDelete() {
        RoleDefinitionRow role = new RoleDefinitionRow("Role-1", "tenant", "Reader of secrets", "desc",
                List.of(new RoleDefinitionRow.PermissionRow(List.of("*/read"), List.of(), List.of("a/*"), List.of("a/b"))),
                List.of("/subscriptions/s"), "creator", T0, T0 + 1);
        write(tx -> tx.putRoleDefinition(role));
        assertThat(store.read((ReadTx tx) -> tx.roleDefinitions())).containsExactly(role);
        write(tx -> tx.deleteRoleDefinition("ROLE-1"));
        assertThat(store.read((ReadTx tx) -> tx.roleDefinitions())).isEmpty();
    }

    @Test
    void tenantSettingsRoundTrip() {
        write(tx -> {
            tx.putTenantSetting("Tenant", "requireMfaForManagement", "true");
            tx.putTenantSetting("tenant", "requireMfaForManagement", "false");
            tx.putTenantSetting("tenant", "forbidSelfGrant", "true");
        });
        assertThat(store.read((ReadTx tx) -> tx.tenantSettings("TENANT")))
                .isEqualTo(Map.of("requireMfaForManagement", "false", "forbidSelfGrant", "true"));
    }
}
