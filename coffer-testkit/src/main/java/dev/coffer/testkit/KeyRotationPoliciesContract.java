package dev.coffer.testkit;

import static dev.coffer.store.ObjectKind.KEY;
import static dev.coffer.store.ObjectKind.SECRET;
import static dev.coffer.testkit.StoreRows.T0;
import static dev.coffer.testkit.StoreRows.deletedName;
import static dev.coffer.testkit.StoreRows.liveName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.store.KeyRotationPolicyRow;
import dev.coffer.store.ReadTx;
import dev.coffer.store.StoreException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The key-rotation-policy part of the store contract: one policy per key name, gone when the key is purged. */
public abstract class KeyRotationPoliciesContract extends VaultObjectsContract {

    static KeyRotationPolicyRow policy(String vault, String key, String notified) {
        return new KeyRotationPolicyRow(vault, key, Map.of("Rotate", "timeAfterCreate=P90D",
                "Notify", "timeBeforeExpiry=P30D"), "P1Y", T0, T0 + 5, notified);
    }

    @Test
    void aPolicyRoundTripsWithTheKeysStoredCasingAndPutReplacesIt() {
        putObject("Vault-A", KEY, "Signing-Key", "v1");
        write(tx -> tx.putKeyRotationPolicy(policy("vault-a", "SIGNING-KEY", null)));
        assertThat(store.read((ReadTx tx) -> tx.keyRotationPolicy("VAULT-A", "signing-key")))
                .contains(policy("Vault-A", "Signing-Key", null));

        write(tx -> tx.putKeyRotationPolicy(policy("Vault-A", "Signing-Key", "v1")));
        assertThat(store.read((ReadTx tx) -> tx.keyRotationPolicy("vault-a", "signing-key")).orElseThrow()
                .notifiedVersion()).isEqualTo("v1");
        assertThat(store.read((ReadTx tx) -> tx.keyRotationPolicy("vault-a", "other"))).isEmpty();
    }

    @Test
    void aPolicyNeedsAnExistingKeyNotASecretOfThatName() {
        putObject("vault", SECRET, "shared-name", "v1");
        assertThatThrownBy(() -> write(tx -> tx.putKeyRotationPolicy(policy("vault", "shared-name", null))))
                .isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> write(tx -> tx.putKeyRotationPolicy(policy("vault", "missing", null))))
                .isInstanceOf(StoreException.class);
    }

    @Test
    void listingSkipsDeletedKeysAndPagesAcrossVaultsInOrder() {
        for (String[] vk : new String[][] {{"b-vault", "k1"}, {"A-Vault", "k2"}, {"a-vault", "K1"}, {"c", "gone"}}) {
            if (store.read((ReadTx tx) -> tx.objectName(vk[0], KEY, vk[1])).isEmpty()) {
                putObject(vk[0], KEY, vk[1], "v1");
            }
            write(tx -> tx.putKeyRotationPolicy(policy(vk[0], vk[1], null)));
        }
        write(tx -> tx.putObjectName(deletedName("c", KEY, "gone", T0, T0 + 10)));

        List<KeyRotationPolicyRow> first = store.read((ReadTx tx) -> tx.keyRotationPolicies(null, null, 2));
        assertThat(first).extracting(KeyRotationPolicyRow::keyName).containsExactly("K1", "k2");
        KeyRotationPolicyRow last = first.get(1);
        assertThat(store.read((ReadTx tx) -> tx.keyRotationPolicies(last.vaultName(), last.keyName(), 10)))
                .extracting(KeyRotationPolicyRow::vaultName).containsExactly("b-vault");
    }

    @Test
    void purgingTheKeyOrItsVaultRemovesThePolicy() {
        putObject("vault", KEY, "k", "v1");
        putObject("other", KEY, "k", "v1");
        write(tx -> tx.putKeyRotationPolicy(policy("vault", "k", null)));
        write(tx -> tx.putKeyRotationPolicy(policy("other", "k", null)));
        write(tx -> tx.purgeObject("vault", KEY, "k"));
        assertThat(store.read((ReadTx tx) -> tx.keyRotationPolicy("vault", "k"))).isEmpty();
        putObject("vault", KEY, "k", "v2");
        assertThat(store.read((ReadTx tx) -> tx.keyRotationPolicy("vault", "k"))).isEmpty();

        write(tx -> tx.purgeVaultObjects("other"));
        assertThat(store.read((ReadTx tx) -> tx.keyRotationPolicies(null, null, 10))).isEmpty();
        write(tx -> tx.putObjectName(liveName("vault", KEY, "k")));
    }
}
