package dev.coffer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.network.CidrSet;
import dev.coffer.network.ClientOrigin;
import dev.coffer.network.FirewallVerdict;
import dev.coffer.network.IpAddress;
import dev.coffer.network.IpPrefix;
import dev.coffer.network.NetworkRules;
import dev.coffer.network.ThrottleLimits;
import dev.coffer.network.TokenBucket;
import dev.coffer.server.CofferServer;
import dev.coffer.server.NetworkSettings;
import dev.coffer.server.ServerConfig;
import dev.coffer.store.NetworkAclsRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of a vault's network rules on every data-plane request: a lookup in the compiled rule set with
 * 10,000 rules (9,000 IPv4 ranges from /16 to /32 and 1,000 IPv6 ranges), for an admitted and a refused
 * address, against a plain list scan of the same rules; compiling the set (paid once per rule change); and a
 * throttling token bucket taken by one thread and by four at once (a compare-and-set, no lock).
 *
 * <p>{@link #main} is not JMH: it starts the load target for the secret-GET run with a 1,000-rule firewall
 * (see bench/RESULTS.md, "Network rules").
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FirewallBenchmark {

    @Param({"10000"})
    public int rules;

    private List<IpPrefix> prefixes;
    private CidrSet set;
    private NetworkRules vaultRules;
    private IpAddress[] admitted;
    private IpAddress[] refused;
    private int next;
    private TokenBucket bucket;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(20261129);
        prefixes = randomRules(random, rules);
        set = CidrSet.of(prefixes);
        List<String> texts = prefixes.stream().map(IpPrefix::toString).toList();
        vaultRules = NetworkRules.compile("Enabled", new NetworkAclsRow("None", "Deny", texts, List.of()), List.of());
        admitted = new IpAddress[1024];
        refused = new IpAddress[1024];
        for (int i = 0; i < admitted.length; i++) {
            admitted[i] = prefixes.get(random.nextInt(prefixes.size())).network();
            IpAddress miss;
            do {
                miss = random.nextBoolean() ? IpAddress.ofIpv4(random.nextInt())
                        : new IpAddress(0x2001_0db8_0000_0000L | (random.nextLong() & 0xFFFF_FFFFL), random.nextLong());
            } while (set.contains(miss));
            refused[i] = miss;
        }
        // Practically unlimited, so every call takes the admit path (the common case).
        bucket = new TokenBucket(Integer.MAX_VALUE, Long.MAX_VALUE / 4);
    }

    /** 9/10 IPv4 (/16 to /32, most /24 to /32), 1/10 IPv6 (/32 to /128) under 2001:db8::/32. */
    static List<IpPrefix> randomRules(Random random, int count) {
        List<IpPrefix> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (i % 10 == 9) {
                int len = 32 + random.nextInt(97);
                IpAddress a = new IpAddress(0x2001_0db8_0000_0000L | (random.nextLong() & 0xFFFF_FFFFL), random.nextLong());
                out.add(IpPrefix.parse(a + "/" + len));
            } else {
                int len = random.nextInt(10) == 0 ? 16 + random.nextInt(8) : 24 + random.nextInt(9);
                out.add(IpPrefix.parse(IpAddress.ofIpv4(random.nextInt()) + "/" + len));
            }
        }
        return out;
    }

    @Benchmark
    public boolean cidrSetAdmitted() {
        return set.contains(admitted[next++ & 1023]);
    }

    @Benchmark
    public boolean cidrSetRefused() {
        return set.contains(refused[next++ & 1023]);
    }

    @Benchmark
    public FirewallVerdict vaultRulesRefused() {
        return vaultRules.evaluate(new ClientOrigin(refused[next++ & 1023], false));
    }

    /** What the prefix structure replaces: every rule tested in turn (the refused case scans them all). */
    @Benchmark
    public boolean listScanRefused() {
        IpAddress a = refused[next++ & 1023];
        for (IpPrefix p : prefixes) {
            if (p.contains(a)) {
                return true;
            }
        }
        return false;
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public CidrSet compileRules() {
        return CidrSet.of(prefixes);
    }

    @Benchmark
    public long throttleAcquire() {
        return bucket.tryAcquire(System.nanoTime(), 1);
    }

    @Benchmark
    @Threads(4)
    public long throttleAcquireFourThreads() {
        return bucket.tryAcquire(System.nanoTime(), 1);
    }

    /**
     * Load target: Coffer in-process with throttling off, two RBAC vaults each holding the secret
     * {@code db-password} (100-byte value): {@code open} without network rules, {@code walled} with
     * {@code defaultAction: Deny} and 1,000 ip rules of which one (a /8 in the middle of the list) admits
     * 127.0.0.1. Writes the info file (vault hosts, port, token) and waits until killed.
     * Usage: {@code FirewallBenchmark --data-dir DIR --info FILE [--rules 1000]}.
     */
    public static void main(String[] args) throws Exception {
        Path dataDir = null;
        Path info = null;
        int ruleCount = 1000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data-dir" -> dataDir = Path.of(args[++i]);
                case "--info" -> info = Path.of(args[++i]);
                case "--rules" -> ruleCount = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (dataDir == null || info == null) {
            throw new IllegalArgumentException("usage: FirewallBenchmark --data-dir DIR --info FILE [--rules N]");
        }
        CofferServer coffer = CofferServer.start(ServerConfig.defaults(dataDir).withPort(0)
                .withNetwork(NetworkSettings.defaults().withThrottling(ThrottleLimits.none())));
        JsonNode bootstrap = BenchHttp.readJson(coffer.dataDir().resolve("bootstrap.json"));
        BenchHttp http = new BenchHttp(Path.of(bootstrap.get("caCertificatePath").asText()));
        String tenant = bootstrap.get("tenantId").asText();
        String sub = bootstrap.get("subscriptionId").asText();
        String clientId = bootstrap.get("clientId").asText();
        String secret = bootstrap.get("clientSecret").asText();
        String service = coffer.endpoints().serviceBase();
        String mgmt = http.token(service, tenant, clientId, secret, bootstrap.get("managementAudience").asText()
                + ".default");
        http.require(new int[] {200, 201}, "PUT", service + "/subscriptions/" + sub + "/resourcegroups/fw?api-version="
                + "2021-04-01", mgmt, "{\"location\":\"local\"}");
        List<IpPrefix> random = randomRules(new Random(1000), ruleCount - 1);
        StringBuilder ipRules = new StringBuilder();
        for (int i = 0; i < random.size(); i++) {
            if (i == random.size() / 2) {
                ipRules.append("{\"value\":\"127.0.0.0/8\"},");
            }
            ipRules.append("{\"value\":\"").append(random.get(i)).append("\"},");
        }
        ipRules.setLength(ipRules.length() - 1);
        String token = http.token(service, tenant, clientId, secret, coffer.endpoints().vaultResource() + "/.default");
        ObjectNode out = BenchHttp.JSON.createObjectNode();
        for (String vault : List.of("open", "walled")) {
            String acls = vault.equals("open") ? "" : ",\"networkAcls\":{\"defaultAction\":\"Deny\",\"bypass\":\"None\","
                    + "\"ipRules\":[" + ipRules + "]}";
            http.require(new int[] {200, 201}, "PUT", service + "/subscriptions/" + sub + "/resourceGroups/fw/providers/"
                    + "Microsoft.KeyVault/vaults/" + vault + "?api-version=2023-07-01", mgmt, "{\"location\":\"local\","
                    + "\"properties\":{\"tenantId\":\"" + tenant + "\",\"sku\":{\"family\":\"A\",\"name\":\"standard\"},"
                    + "\"enableRbacAuthorization\":true" + acls + "}}");
            String host = vault + "." + coffer.endpoints().vaultDnsSuffix() + ":" + coffer.port();
            http.require(new int[] {200}, "PUT", "https://" + host + "/secrets/db-password?api-version=7.4", token,
                    "{\"value\":\"" + "v".repeat(100) + "\"}");
            out.put(vault + "Host", host);
        }
        out.put("port", coffer.port());
        out.put("secretPath", "/secrets/db-password?api-version=7.4");
        out.put("url", "https://127.0.0.1:" + coffer.port() + "/secrets/db-password?api-version=7.4");
        out.put("dataToken", token);
        out.put("rules", ruleCount);
        out.put("pid", ProcessHandle.current().pid());
        Path tmp = info.resolveSibling(info.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, BenchHttp.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out));
        Files.move(tmp, info, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("firewall load target ready on port " + coffer.port());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                coffer.close();
            } catch (Exception e) {
                // exiting anyway
            }
        }));
        coffer.join();
    }
}
