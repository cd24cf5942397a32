package dev.coffer.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.error.BadRequest;
import dev.coffer.store.AccessPolicyRow;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessPolicyRulesTest {

    private static final String TENANT = "11111111-1111-1111-1111-111111111111";
    private static final String OBJECT = "22222222-2222-2222-2222-222222222222";

    private static AccessPolicyRow policy(List<String> secrets) {
        return new AccessPolicyRow(TENANT, OBJECT, null, List.of(), secrets, List.of(), List.of());
    }

    @Test
    void addMergesReplaceOverwritesRemoveSubtracts() {
        List<AccessPolicyRow> current = AccessPolicyRules.validate(List.of(policy(List.of("Get"))), TENANT);
        assertThat(current.get(0).secrets()).containsExactly("get");
        List<AccessPolicyRow> added = AccessPolicyRules.apply(current, "add", List.of(policy(List.of("list"))));
        assertThat(added).hasSize(1);
        assertThat(added.get(0).secrets()).containsExactly("get", "list");
        List<AccessPolicyRow> replaced = AccessPolicyRules.apply(added, "replace", List.of(policy(List.of("set"))));
        assertThat(replaced.get(0).secrets()).containsExactly("set");
        assertThat(AccessPolicyRules.apply(replaced, "remove", List.of(policy(List.of("set"))))).isEmpty();
    }

    @Test
    void refusesForeignTenantsUnknownPermissionsAndTooManyPolicies() {
        AccessPolicyRow foreign = new AccessPolicyRow("33333333-3333-3333-3333-333333333333", OBJECT, null, List.of(),
                List.of("get"), List.of(), List.of());
        assertThatThrownBy(() -> AccessPolicyRules.validate(List.of(foreign), TENANT)).isInstanceOf(BadRequest.class);
        assertThatThrownBy(() -> AccessPolicyRules.validate(List.of(policy(List.of("steal"))), TENANT))
                .isInstanceOf(BadRequest.class);
        List<AccessPolicyRow> many = java.util.stream.IntStream.range(0, 1025)
                .mapToObj(i -> new AccessPolicyRow(TENANT, String.format("00000000-0000-0000-0000-%012d", i), null,
                        List.of(), List.of("get"), List.of(), List.of())).toList();
        assertThatThrownBy(() -> AccessPolicyRules.validate(many, TENANT)).isInstanceOf(BadRequest.class);
    }
}
