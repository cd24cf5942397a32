package dev.coffer.testkit;

import static dev.coffer.store.ObjectKind.SECRET;
import static dev.coffer.testkit.StoreRows.T0;
import static dev.coffer.testkit.StoreRows.bytes;
import static dev.coffer.testkit.StoreRows.credential;
import static dev.coffer.testkit.StoreRows.deletedVault;
import static dev.coffer.testkit.StoreRows.resourceGroup;
import static dev.coffer.testkit.StoreRows.roleAssignment;
import static dev.coffer.testkit.StoreRows.servicePrincipal;
import static dev.coffer.testkit.StoreRows.signingKey;
import static dev.coffer.testkit.StoreRows.subscription;
import static dev.coffer.testkit.StoreRows.tenant;
import static dev.coffer.testkit.StoreRows.user;
import static dev.coffer.testkit.StoreRows.vault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.store.KeyringRow;
import dev.coffer.store.ObjectVersionRow;
import dev.coffer.store.PrincipalRow;
import dev.coffer.store.ReadTx;
import dev.coffer.store.StoreException;
import dev.coffer.store.TenantRow;
import dev.coffer.store.VaultRow;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every {@link dev.coffer.store.Store} must meet. A store's test class extends this and
 * implements {@link #openStore}; it inherits the vault-object tests of {@link VaultObjectsContract} and the
 * rotation-policy tests of {@link KeyRotationPoliciesContract} too.
 *
 * <p>Beyond the SPI's javadoc the contract fixes: identifiers match case-insensitively and come back with the
 * casing they were stored with; {@code insertVersion} fails with a StoreException when the name row is
 * missing; {@code updateVersion} of an absent version fails with a StoreException.
 */
public abstract class StoreContract extends KeyRotationPoliciesContract {

    @Test
    void tenantsRoundTripAndPutReplaces() {
        write(tx -> {
            tx.putTenant(tenant("Tenant-A"));
            tx.putTenant(tenant("tenant-b"));
        });
        assertThat(store.read((ReadTx tx) -> tx.tenant("TENANT-A"))).contains(tenant("Tenant-A"));
        assertThat(store.read((ReadTx tx) -> tx.tenants()))
                .containsExactlyInAnyOrder(tenant("Tenant-A"), tenant("tenant-b"));

        TenantRow renamed = new TenantRow("tenant-a", "Renamed", T0 + 1);
        write(tx -> tx.putTenant(renamed));
        assertThat(store.read((ReadTx tx) -> tx.tenants())).containsExactlyInAnyOrder(renamed, tenant("tenant-b"));
        assertThat(store.read((ReadTx tx) -> tx.tenant("nobody"))).isEmpty();
    }

    @Test
    void principalsAreFoundByObjectIdAppIdAndTenant() {
        PrincipalRow app = servicePrincipal("Obj-1", "Tenant-A", "App-1");
        PrincipalRow person = user("obj-2", "tenant-a");
        PrincipalRow foreign = servicePrincipal("obj-3", "tenant-b", "app-1");
        write(tx -> {
            tx.putPrincipal(app);
            tx.putPrincipal(person);
            tx.putPrincipal(foreign);
        });

        assertThat(store.read((ReadTx tx) -> tx.principal("OBJ-1"))).contains(app);
        assertThat(store.read((ReadTx tx) -> tx.principalByAppId("tenant-a", "APP-1"))).contains(app);
        assertThat(store.read((ReadTx tx) -> tx.principalByAppId("tenant-b", "app-1"))).contains(foreign);
        assertThat(store.read((ReadTx tx) -> tx.principalByAppId("tenant-c", "app-1"))).isEmpty();
        assertThat(store.read((ReadTx tx) -> tx.principals("TENANT-A"))).containsExactlyInAnyOrder(app, person);

        PrincipalRow disabled = new PrincipalRow("obj-1", "Tenant-A", "ServicePrincipal", "App-1", "Renamed",
                false, app.createdAt());
        write(tx -> tx.putPrincipal(disabled));
        assertThat(store.read((ReadTx tx) -> tx.principal("obj-1"))).contains(disabled);

        write(tx -> {
            tx.deletePrincipal("OBJ-2");
            tx.deletePrincipal("no-such-principal");
        });
        assertThat(store.read((ReadTx tx) -> tx.principal("obj-2"))).isEmpty();
        assertThat(store.read((ReadTx tx) -> tx.principals("tenant-a"))).containsExactly(disabled);
    }

    @Test
    void credentialsRoundTripAndDelete() {
        write(tx -> {
            tx.putPrincipal(servicePrincipal("obj-1", "tenant", "app"));
            tx.putCredential(credential("obj-1", "Key-1"));
            tx.putCredential(credential("obj-1", "key-2"));
        });
        assertThat(store.read((ReadTx tx) -> tx.credentials("OBJ-1"))).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyInAnyOrder(credential("obj-1", "Key-1"), credential("obj-1", "key-2"));

        write(tx -> {
            tx.deleteCredential("obj-1", "KEY-1");
            tx.deleteCredential("obj-1", "no-such-key");
        });
        assertThat(store.read((ReadTx tx) -> tx.credentials("obj-1"))).singleElement()
                .usingRecursiveComparison().isEqualTo(credential("obj-1", "key-2"));
    }

    @Test
    void keyringKeepsOneKeyPerTerm() {
        write(tx -> {
            tx.putKeyring(new KeyringRow(2, bytes("two"), T0 + 2));
            tx.putKeyring(new KeyringRow(1, bytes("one"), T0 + 1));
        });
        write(tx -> tx.putKeyring(new KeyringRow(2, bytes("two again"), T0 + 3)));
        assertThat(store.read((ReadTx tx) -> tx.keyring())).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyInAnyOrder(new KeyringRow(1, bytes("one"), T0 + 1),
                        new KeyringRow(2, bytes("two again"), T0 + 3));
    }

    @Test
    void signingKeysArePerTenant() {
        write(tx -> {
            tx.putSigningKey(signingKey("Tenant-A", "kid-1", T0));
            tx.putSigningKey(signingKey("tenant-a", "kid-2", T0 + 10));
            tx.putSigningKey(signingKey("tenant-b", "kid-3", T0));
        });
        assertThat(store.read((ReadTx tx) -> tx.signingKeys("TENANT-A"))).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyInAnyOrder(signingKey("Tenant-A", "kid-1", T0),
                        signingKey("tenant-a", "kid-2", T0 + 10));
    }

    @Test
    void subscriptionsAndResourceGroupsKeepTheirCasing() {
        write(tx -> {
            tx.putSubscription(subscription("Sub-1", "tenant-a"));
            tx.putSubscription(subscription("sub-2", "tenant-b"));
            tx.putResourceGroup(resourceGroup("Sub-1", "My-Group"));
            tx.putResourceGroup(resourceGroup("sub-1", "Other"));
            tx.putResourceGroup(resourceGroup("sub-2", "my-group"));
        });
        assertThat(store.read((ReadTx tx) -> tx.subscription("SUB-1"))).contains(subscription("Sub-1", "tenant-a"));
        assertThat(store.read((ReadTx tx) -> tx.subscriptions("TENANT-A")))
                .containsExactly(subscription("Sub-1", "tenant-a"));
        assertThat(store.read((ReadTx tx) -> tx.resourceGroup("sub-1", "MY-GROUP")))
                .contains(resourceGroup("Sub-1", "My-Group"));
        assertThat(store.read((ReadTx tx) -> tx.resourceGroups("SUB-1")))
                .containsExactlyInAnyOrder(resourceGroup("Sub-1", "My-Group"), resourceGroup("sub-1", "Other"));

        write(tx -> {
            tx.deleteResourceGroup("sub-1", "my-group");
            tx.deleteResourceGroup("sub-1", "never-was");
        });
        assertThat(store.read((ReadTx tx) -> tx.resourceGroup("sub-1", "my-group"))).isEmpty();
        assertThat(store.read((ReadTx tx) -> tx.resourceGroup("sub-2", "my-group"))).isPresent();
    }

    @Test
    void vaultsRoundTripEveryFieldDeletedOnesIncluded() {
        write(tx -> {
            tx.putVault(vault("Vault-One", "Sub-1"));
            tx.putVault(deletedVault("vault-two", "sub-1"));
            tx.putVault(vault("vault-three", "sub-2"));
        });
        assertThat(store.read((ReadTx tx) -> tx.vault("VAULT-ONE"))).contains(vault("Vault-One", "Sub-1"));
        VaultRow deleted = store.read((ReadTx tx) -> tx.vault("Vault-Two")).orElseThrow();
        assertThat(deleted).isEqualTo(deletedVault("vault-two", "sub-1"));
        assertThat(deleted.deleted()).isTrue();
        assertThat(deleted.networkAcls()).isNull();
        assertThat(deleted.enableRbacAuthorization()).isNull();
        assertThat(store.read((ReadTx tx) -> tx.vaults("SUB-1")))
                .containsExactlyInAnyOrder(vault("Vault-One", "Sub-1"), deletedVault("vault-two", "sub-1"));

        write(tx -> {
            tx.deleteVault("vault-one");
            tx.deleteVault("never-was");
        });
        assertThat(store.read((ReadTx tx) -> tx.vault("vault-one"))).isEmpty();
        assertThat(store.read((ReadTx tx) -> tx.vaults("sub-1"))).extracting(VaultRow::name)
                .containsExactly("vault-two");
    }

    @Test
    void vaultNetworkRulesKeepTheirIgnoreMissingEndpointFlags() {
        String subnet = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/b";
        VaultRow v = vault("flag-vault", "sub-1");
        dev.coffer.store.NetworkAclsRow acls = new dev.coffer.store.NetworkAclsRow("None", "Deny", List.of("10.0.0.0/8"),
                List.of(v.networkAcls().virtualNetworkRules().get(0), subnet), List.of(subnet));
        VaultRow flagged = new VaultRow(v.name(), v.subscriptionId(), v.resourceGroup(), v.location(), v.tenantId(),
                v.skuName(), v.enableRbacAuthorization(), v.enableSoftDelete(), v.softDeleteRetentionInDays(),
                v.enablePurgeProtection(), v.enabledForDeployment(), v.enabledForDiskEncryption(),
                v.enabledForTemplateDeployment(), v.publicNetworkAccess(), v.accessPolicies(), acls, v.tags(),
                v.createdBy(), v.createdAt(), v.updatedBy(), v.updatedAt(), null, null);
        write(tx -> tx.putVault(flagged));
        VaultRow read = store.read((ReadTx tx) -> tx.vault("flag-vault")).orElseThrow();
        assertThat(read).isEqualTo(flagged);
        assertThat(read.networkAcls().ignoresMissingEndpoint(subnet.toUpperCase())).isTrue();
    }

    @Test
    void virtualNetworksRoundTripAndAreKeyedCaseInsensitively() {
        dev.coffer.store.VirtualNetworkRow net = new dev.coffer.store.VirtualNetworkRow("Sub-1", "Group-One", "Net-A",
                "westeurope", java.util.Map.of("env", "test"), List.of("10.1.0.0/16", "2001:db8::/48"),
                List.of(new dev.coffer.store.SubnetRow("front", List.of("10.1.0.0/24"), List.of("Microsoft.KeyVault")),
                        new dev.coffer.store.SubnetRow("back", List.of("10.1.1.0/24", "2001:db8:0:1::/64"), List.of())),
                "creator", T0, "updater", T0 + 1);
        write(tx -> {
            tx.putVirtualNetwork(net);
            tx.putVirtualNetwork(new dev.coffer.store.VirtualNetworkRow("sub-2", "g", "other", "local", java.util.Map.of(),
                    List.of("192.168.0.0/16"), List.of(), null, T0, null, T0));
        });
        assertThat(store.read((ReadTx tx) -> tx.virtualNetwork("SUB-1", "group-one", "NET-A"))).contains(net);
        assertThat(store.read((ReadTx tx) -> tx.virtualNetworks())).hasSize(2).contains(net);

        dev.coffer.store.VirtualNetworkRow changed = new dev.coffer.store.VirtualNetworkRow("Sub-1", "Group-One",
                "Net-A", "westeurope", java.util.Map.of(), List.of("10.1.0.0/16"), List.of(), "creator", T0,
                "someone", T0 + 5);
        write(tx -> tx.putVirtualNetwork(changed));
        assertThat(store.read((ReadTx tx) -> tx.virtualNetwork("sub-1", "group-one", "net-a"))).contains(changed);
        write(tx -> {
            tx.deleteVirtualNetwork("sub-1", "GROUP-ONE", "net-a");
            tx.deleteVirtualNetwork("sub-1", "group-one", "never-was");
        });
        assertThat(store.read((ReadTx tx) -> tx.virtualNetwork("sub-1", "group-one", "net-a"))).isEmpty();
        assertThat(store.read((ReadTx tx) -> tx.virtualNetworks())).hasSize(1);
    }

    @Test
    void aVaultsOwnTlsFloorRoundTripsAndCanBeCleared() {
        write(tx -> tx.putVault(vault("tls-vault", "sub-1").withMinimumTlsVersion("1.3")));
        assertThat(store.read((ReadTx tx) -> tx.vault("TLS-VAULT")).orElseThrow().minimumTlsVersion()).isEqualTo("1.3");
        write(tx -> tx.putVault(vault("tls-vault", "sub-1")));
        assertThat(store.read((ReadTx tx) -> tx.vault("tls-vault")).orElseThrow().minimumTlsVersion()).isNull();
    }

    @Test
    void roleAssignmentsRoundTripAndDelete() {
        write(tx -> {
            tx.putRoleAssignment(roleAssignment("RA-1", "/subscriptions/Sub-1/resourceGroups/RG", "p1"));
            tx.putRoleAssignment(roleAssignment("ra-2", "/subscriptions/sub-1", "p2"));
        });
        assertThat(store.read((ReadTx tx) -> tx.roleAssignment("ra-1")))
                .contains(roleAssignment("RA-1", "/subscriptions/Sub-1/resourceGroups/RG", "p1"));
        assertThat(store.read((ReadTx tx) -> tx.roleAssignments())).hasSize(2);

        write(tx -> {
            tx.deleteRoleAssignment("RA-2");
            tx.deleteRoleAssignment("never-was");
        });
        assertThat(store.read((ReadTx tx) -> tx.roleAssignments()))
                .containsExactly(roleAssignment("RA-1", "/subscriptions/Sub-1/resourceGroups/RG", "p1"));
    }

    @Test
    void writeReturnsTheUnitsResultAndAUnitReadsItsOwnWrites() {
        long count = store.write(tx -> {
            tx.putTenant(tenant("fresh"));
            tx.putObjectName(StoreRows.liveName("v", SECRET, "s"));
            tx.insertVersion(StoreRows.version("v", SECRET, "s", "1"));
            assertThat(tx.tenant("FRESH")).isPresent();
            assertThat(tx.latestVersions("v", SECRET, null, 10)).hasSize(1);
            return tx.objectCount("v", SECRET);
        });
        assertThat(count).isEqualTo(1);
    }

    @Test
    void aUnitThatThrowsKeepsNothingAndItsExceptionPropagatesUnchanged() {
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> store.write(tx -> {
            tx.putTenant(tenant("doomed"));
            tx.putVault(vault("doomed-vault", "sub"));
            throw boom;
        })).isSameAs(boom);

        assertThat(store.read((ReadTx tx) -> tx.tenant("doomed"))).isEmpty();
        assertThat(store.read((ReadTx tx) -> tx.vault("doomed-vault"))).isEmpty();
        write(tx -> tx.putTenant(tenant("after")));
        assertThat(store.read((ReadTx tx) -> tx.tenants())).containsExactly(tenant("after"));
    }

    @Test
    @Timeout(60)
    void failingUnitsDoNotTakeConcurrentUnitsDownWithThem() throws Exception {
        int threads = 8;
        int perThread = 50;
        List<String> expected = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String id = "t" + thread + "-" + i;
                        boolean fail = i % 5 == 0;
                        try {
                            write(tx -> {
                                tx.putTenant(tenant(id));
                                if (fail) {
                                    throw new IllegalArgumentException(id);
                                }
                            });
                            assertThat(fail).as("unit %s should have failed", id).isFalse();
                        } catch (IllegalArgumentException e) {
                            assertThat(e).hasMessage(id);
                        }
                    }
                }));
                for (int i = 0; i < perThread; i++) {
                    if (i % 5 != 0) {
                        expected.add("t" + t + "-" + i);
                    }
                }
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        assertThat(store.read((ReadTx tx) -> tx.tenants())).extracting(TenantRow::tenantId)
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    @Timeout(60)
    void concurrentWritersAreAllDurableAndVisible() throws Exception {
        int writes = writeConcurrently(16, 200);
        assertThat(store.read((ReadTx tx) -> tx.tenants())).hasSize(writes);
        reopen();
        assertThat(store.read((ReadTx tx) -> tx.tenants())).hasSize(writes);
    }

    /** {@code threads} virtual threads each put {@code perThread} tenants, one per write; returns the total. */
    protected int writeConcurrently(int threads, int perThread) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String id = "writer-" + thread + "-" + i;
                        write(tx -> tx.putTenant(tenant(id)));
                        assertThat(store.read((ReadTx tx) -> tx.tenant(id))).as("visible once acknowledged")
                                .isPresent();
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        return threads * perThread;
    }

    @Test
    void reopeningKeepsEverything() {
        write(tx -> {
            tx.putTenant(tenant("Kept"));
            tx.putVault(vault("Kept-Vault", "sub"));
            tx.putKeyring(new KeyringRow(1, bytes("k"), T0));
        });
        List<ObjectVersionRow> versions = putObject("Kept-Vault", SECRET, "Kept-Secret", "1", "2");

        reopen();

        assertThat(store.read((ReadTx tx) -> tx.tenant("kept"))).contains(tenant("Kept"));
        assertThat(store.read((ReadTx tx) -> tx.vault("kept-vault"))).contains(vault("Kept-Vault", "sub"));
        assertThat(store.read((ReadTx tx) -> tx.keyring())).hasSize(1);
        assertThat(store.read((ReadTx tx) -> tx.versions("kept-vault", SECRET, "kept-secret", 0, 10)))
                .usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(versions);
        // sequences keep increasing after a restart
        long next = putObject("Kept-Vault", SECRET, "Kept-Secret", "3").getFirst().sequence();
        assertThat(next).isGreaterThan(store.read((ReadTx tx) -> tx.versions("kept-vault", SECRET, "kept-secret", 0, 2))
                .getLast().sequence());
    }

    @Test
    void updatingAnAbsentVersionFails() {
        assertThatThrownBy(() -> write(tx -> tx.updateVersion(StoreRows.version("v", SECRET, "s", "1"))))
                .isInstanceOf(StoreException.class);
    }
}
