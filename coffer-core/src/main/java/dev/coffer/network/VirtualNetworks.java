package dev.coffer.network;

import dev.coffer.error.BadRequest;
import dev.coffer.error.NotFound;
import dev.coffer.resources.GroupedResources;
import dev.coffer.resources.Upserted;
import dev.coffer.store.NetworkAclsRow;
import dev.coffer.store.Store;
import dev.coffer.store.SubnetRow;
import dev.coffer.store.VirtualNetworkRow;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Virtual networks as management-plane resources ({@code Microsoft.Network/virtualNetworks} and their
 * subnets), and what vault network rules learn from them: which address prefixes a named subnet admits (only
 * while it carries the {@code Microsoft.KeyVault} service endpoint) and whether a new rule may name it. All
 * networks are kept in memory (there are few); {@link #version} moves on every committed change so compiled
 * vault rules rebuild.
 */
public final class VirtualNetworks implements SubnetPrefixes, SubnetRuleCheck, GroupedResources {

    public static final String KEY_VAULT_ENDPOINT = "Microsoft.KeyVault";
    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}[a-zA-Z0-9_]$|^[a-zA-Z0-9]$");
    private static final Pattern SERVICE = Pattern.compile("^Microsoft\\.[A-Za-z]+(\\.[A-Za-z]+)?$");

    private final Store store;
    private final Clock clock;
    private final Map<String, VirtualNetworkRow> networks = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();

    public VirtualNetworks(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
        store.read(tx -> tx.virtualNetworks()).forEach(this::remember);
    }

    @Override
    public long version() {
        return version.get();
    }

    public Optional<VirtualNetworkRow> find(String subscriptionId, String resourceGroup, String name) {
        return Optional.ofNullable(networks.get(key(subscriptionId, resourceGroup, name)));
    }

    public VirtualNetworkRow require(String subscriptionId, String resourceGroup, String name) {
        return find(subscriptionId, resourceGroup, name).orElseThrow(() -> new NotFound("ResourceNotFound",
                "The Resource 'Microsoft.Network/virtualNetworks/" + name + "' under resource group '" + resourceGroup
                        + "' was not found."));
    }

    /** Networks of a subscription, or of one of its resource groups, by name. */
    public List<VirtualNetworkRow> list(String subscriptionId, String resourceGroupOrNull) {
        return networks.values().stream().filter(n -> n.subscriptionId().equalsIgnoreCase(subscriptionId))
                .filter(n -> resourceGroupOrNull == null || n.resourceGroup().equalsIgnoreCase(resourceGroupOrNull))
                .sorted(java.util.Comparator.comparing(n -> n.name().toLowerCase(Locale.ROOT))).toList();
    }

    public Upserted<VirtualNetworkRow> put(String subscriptionId, String resourceGroup, String name,
                                           VirtualNetworkSpec spec, String callerId) {
        requireName(name, "virtual network");
        List<String> space = prefixes(spec.addressPrefixes(), "addressSpace.addressPrefixes");
        if (space.isEmpty()) {
            throw new BadRequest("InvalidRequestFormat", "'properties.addressSpace.addressPrefixes' needs at least one "
                    + "address prefix.");
        }
        List<SubnetRow> subnets = checkedSubnets(spec.subnets() == null ? List.of() : spec.subnets(), space);
        long now = clock.instant().getEpochSecond();
        Upserted<VirtualNetworkRow> result = store.write(tx -> {
            if (tx.resourceGroup(subscriptionId, resourceGroup).isEmpty()) {
                throw new NotFound("ResourceGroupNotFound", "Resource group '" + resourceGroup + "' could not be found.");
            }
            Optional<VirtualNetworkRow> existing = tx.virtualNetwork(subscriptionId, resourceGroup, name);
            if (existing.isEmpty() && (spec.location() == null || spec.location().isBlank())) {
                throw new BadRequest("LocationRequired", "The location property is required for this definition.");
            }
            VirtualNetworkRow row = existing
                    .map(e -> new VirtualNetworkRow(e.subscriptionId(), e.resourceGroup(), e.name(), e.location(),
                            spec.tags() == null ? e.tags() : spec.tags(), space, subnets, e.createdBy(), e.createdAt(),
                            callerId, now))
                    .orElseGet(() -> new VirtualNetworkRow(subscriptionId, resourceGroup, name,
                            spec.location().replace(" ", "").toLowerCase(Locale.ROOT),
                            spec.tags() == null ? Map.of() : spec.tags(), space, subnets, callerId, now, callerId, now));
            tx.putVirtualNetwork(row);
            return new Upserted<>(row, existing.isEmpty());
        });
        remember(result.value());
        return result;
    }

    /** Creates or replaces one subnet ({@code PUT …/subnets/{name}}), as {@code az network vnet subnet update} does. */
    public Upserted<SubnetRow> putSubnet(String subscriptionId, String resourceGroup, String network, SubnetRow subnet,
                                         String callerId) {
        VirtualNetworkRow current = require(subscriptionId, resourceGroup, network);
        List<SubnetRow> subnets = new ArrayList<>();
        boolean created = true;
        for (SubnetRow s : current.subnets()) {
            if (s.name().equalsIgnoreCase(subnet.name())) {
                created = false;
            } else {
                subnets.add(s);
            }
        }
        subnets.add(subnet);
        VirtualNetworkSpec spec = new VirtualNetworkSpec(null, null, current.addressPrefixes(), subnets);
        VirtualNetworkRow row = put(subscriptionId, resourceGroup, current.name(), spec, callerId).value();
        SubnetRow stored = row.subnets().stream().filter(s -> s.name().equalsIgnoreCase(subnet.name())).findFirst()
                .orElseThrow();
        return new Upserted<>(stored, created);
    }

    public boolean deleteSubnet(String subscriptionId, String resourceGroup, String network, String subnet,
                                String callerId) {
        VirtualNetworkRow current = require(subscriptionId, resourceGroup, network);
        List<SubnetRow> rest = current.subnets().stream().filter(s -> !s.name().equalsIgnoreCase(subnet)).toList();
        if (rest.size() == current.subnets().size()) {
            return false;
        }
        put(subscriptionId, resourceGroup, current.name(),
                new VirtualNetworkSpec(null, null, current.addressPrefixes(), rest), callerId);
        return true;
    }

    public boolean delete(String subscriptionId, String resourceGroup, String name) {
        Optional<VirtualNetworkRow> existing = find(subscriptionId, resourceGroup, name);
        if (existing.isEmpty()) {
            return false;
        }
        store.write(tx -> {
            tx.deleteVirtualNetwork(subscriptionId, resourceGroup, name);
            return null;
        });
        networks.remove(key(subscriptionId, resourceGroup, name));
        version.incrementAndGet();
        return true;
    }

    /**
     * With their resource group: a vault rule naming one of their subnets then admits nobody, as in Azure, where
     * the rule stays on the vault but its subnet no longer exists.
     */
    @Override
    public void deleteAllIn(String subscriptionId, String resourceGroup) {
        for (VirtualNetworkRow n : list(subscriptionId, resourceGroup)) {
            delete(subscriptionId, n.resourceGroup(), n.name());
        }
    }

    public Optional<SubnetRow> subnet(String subnetId) {
        SubnetIds.Parts p = SubnetIds.parse(subnetId);
        if (p == null) {
            return Optional.empty();
        }
        return find(p.subscriptionId(), p.resourceGroup(), p.virtualNetwork())
                .flatMap(n -> n.subnets().stream().filter(s -> s.name().equalsIgnoreCase(p.subnet())).findFirst());
    }

    @Override
    public List<IpPrefix> admitted(List<String> subnetIds) {
        List<IpPrefix> out = new ArrayList<>();
        for (String id : subnetIds) {
            subnet(id).filter(VirtualNetworks::hasKeyVaultEndpoint)
                    .ifPresent(s -> s.addressPrefixes().forEach(p -> out.add(IpPrefix.parse(p))));
        }
        return out;
    }

    @Override
    public void check(NetworkAclsRow next, NetworkAclsRow previous) {
        if (next == null) {
            return;
        }
        Set<String> had = new HashSet<>();
        if (previous != null) {
            previous.virtualNetworkRules().forEach(id -> had.add(id.toLowerCase(Locale.ROOT)));
        }
        for (String id : next.virtualNetworkRules()) {
            if (had.contains(id.toLowerCase(Locale.ROOT))) {
                continue;
            }
            Optional<SubnetRow> subnet = subnet(id);
            if (subnet.isEmpty()) {
                throw new BadRequest("NetworkAclsValidationFailure", "The subnet '" + Quoted.of(id)
                        + "' named by a virtualNetworkRule does not exist.");
            }
            if (!hasKeyVaultEndpoint(subnet.get()) && !next.ignoresMissingEndpoint(id)) {
                throw new BadRequest("NetworkAclsValidationFailure", "The subnet '" + Quoted.of(id) + "' does not "
                        + "have the " + KEY_VAULT_ENDPOINT + " service endpoint. Enable it on the subnet, or set "
                        + "ignoreMissingVnetServiceEndpoint on the rule (it admits nobody until the endpoint is there).");
            }
        }
    }

    public static boolean hasKeyVaultEndpoint(SubnetRow subnet) {
        return subnet.serviceEndpoints().stream().anyMatch(KEY_VAULT_ENDPOINT::equalsIgnoreCase);
    }

    private List<SubnetRow> checkedSubnets(List<SubnetRow> subnets, List<String> space) {
        List<IpPrefix> spaceRanges = space.stream().map(IpPrefix::parse).toList();
        List<SubnetRow> out = new ArrayList<>();
        List<IpPrefix> taken = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (SubnetRow s : subnets) {
            requireName(s.name(), "subnet");
            if (!names.add(s.name().toLowerCase(Locale.ROOT))) {
                throw new BadRequest("InvalidRequestFormat", "The subnet name '" + s.name() + "' appears twice.");
            }
            List<String> prefixes = prefixes(s.addressPrefixes(), "subnets[" + s.name() + "].addressPrefix");
            if (prefixes.isEmpty()) {
                throw new BadRequest("InvalidRequestFormat", "Subnet '" + s.name() + "' needs an addressPrefix.");
            }
            for (String text : prefixes) {
                IpPrefix p = IpPrefix.parse(text);
                if (spaceRanges.stream().noneMatch(p::within)) {
                    throw new BadRequest("NetcfgSubnetRangeOutsideVnet", "Subnet '" + s.name() + "' range " + text
                            + " is outside the virtual network's address space " + space + ".");
                }
                for (IpPrefix other : taken) {
                    if (p.within(other) || other.within(p)) {
                        throw new BadRequest("NetcfgSubnetRangesOverlap", "Subnet '" + s.name() + "' range " + text
                                + " overlaps another subnet's " + other + ".");
                    }
                }
                taken.add(p);
            }
            List<String> endpoints = new ArrayList<>();
            for (String e : s.serviceEndpoints()) {
                if (e == null || !SERVICE.matcher(e).matches()) {
                    throw new BadRequest("InvalidRequestFormat", "'" + Quoted.of(e) + "' is not a service endpoint "
                            + "name such as Microsoft.KeyVault.");
                }
                endpoints.add(e.equalsIgnoreCase(KEY_VAULT_ENDPOINT) ? KEY_VAULT_ENDPOINT : e);
            }
            out.add(new SubnetRow(s.name(), prefixes, endpoints));
        }
        return out;
    }

    private static List<String> prefixes(List<String> values, String field) {
        List<String> out = new ArrayList<>();
        for (String v : values == null ? List.<String>of() : values) {
            try {
                IpPrefix p = IpPrefix.parse(v == null ? null : v.strip());
                // ARM writes subnet prefixes as CIDR always, single addresses included.
                out.add(p.length() == 128 ? p + (p.isIpv4() ? "/32" : "/128") : p.toString());
            } catch (IllegalArgumentException e) {
                throw new BadRequest("InvalidRequestFormat", "Invalid " + field + ": " + e.getMessage() + ".");
            }
        }
        return out;
    }

    private static void requireName(String name, String what) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new BadRequest("InvalidResourceName", "The " + what + " name '" + Quoted.of(name) + "' is invalid: "
                    + "use 1-64 letters, digits, '.', '-' and '_', starting with a letter or digit.");
        }
    }

    private void remember(VirtualNetworkRow row) {
        networks.put(key(row.subscriptionId(), row.resourceGroup(), row.name()), row);
        version.incrementAndGet();
    }

    private static String key(String subscriptionId, String resourceGroup, String name) {
        return (subscriptionId + "/" + resourceGroup + "/" + name).toLowerCase(Locale.ROOT);
    }
}
