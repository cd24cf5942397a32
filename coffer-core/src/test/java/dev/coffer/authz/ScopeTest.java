package dev.coffer.authz;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScopeTest {

    @Test
    void coversItselfAndWhatLiesBelowOnly() {
        String sub = Scope.normalize("/subscriptions/S1");
        String vault = Scope.normalize(Scope.vault("s1", "RG", "v1"));
        assertThat(Scope.covers(sub, vault)).isTrue();
        assertThat(Scope.covers(vault, vault + "/secrets/a")).isTrue();
        assertThat(Scope.covers(vault + "/secrets/a", vault + "/secrets/ab")).isFalse();
        assertThat(Scope.covers(Scope.normalize("/subscriptions/s"), sub)).isFalse();
        assertThat(Scope.covers(vault, sub)).isFalse();
        assertThat(Scope.covers("/", vault)).isTrue();
        assertThat(Scope.normalize("/Subscriptions/ABC/")).isEqualTo("/subscriptions/abc");
    }

    @Test
    void readsRoleGuidsFromBothIdForms() {
        String guid = "4633458b-17de-408a-b874-0445c86b69e6";
        assertThat(RoleDefinitionIds.guidOf("/providers/Microsoft.Authorization/roleDefinitions/" + guid)).isEqualTo(guid);
        assertThat(RoleDefinitionIds.guidOf("/subscriptions/x/providers/microsoft.authorization/roleDefinitions/"
                + guid.toUpperCase())).isEqualTo(guid);
        assertThat(RoleDefinitionIds.guidOf("/providers/Microsoft.Authorization/roleDefinitions/not-a-guid")).isNull();
        assertThat(RoleDefinitionIds.guidOf(guid)).isNull();
    }
}
