package dev.coffer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.network.ThrottleLimits;
import dev.coffer.server.CofferServer;
import dev.coffer.server.NetworkSettings;
import dev.coffer.server.ServerConfig;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Key cryptography through Coffer's REST API over HTTPS against the same operation in raw JCA, in one JVM and
 * one run, with the same keys: RS256 and ES256 sign, RSA-OAEP-256 decrypt (RSA-2048, P-256, software keys) and
 * AES-256 key unwrap (A256KW; through the REST API the AES key is an oct-HSM key, so that row needs a PKCS#11
 * token: run with {@code -Dcoffer.pkcs11.library/slot/pinFile} and, for SoftHSM2, {@code SOFTHSM2_CONF} in the
 * environment; without one the REST unwrap row is skipped by an error). Each REST call is a real request: TLS
 * over keep-alive connections, bearer token, authorization, audit (durable before the response), engine,
 * barrier, JSON. Client and server share the machine, as they would in a one-box deployment. Throttling is off:
 * the run measures capacity. Compare rows in pairs (restX / jcaX) from the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Threads(16)
@Fork(1)
public class KeyCryptoBenchmark {

    private static final String API = "?api-version=7.6";

    private CofferServer coffer;
    private BenchHttp http;
    private String token;
    private String vaultUrl;

    private KeyPair rsa;
    private KeyPair ec;
    private SecretKey aes;
    private byte[] message;
    private String digestB64;
    private byte[] oaepCiphertext;
    private String oaepBody;
    private byte[] wrappedKey;
    private String unwrapBody;
    private String rsaSignPath;
    private String ecSignPath;
    private String decryptPath;
    private String unwrapPath;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path dir = Files.createTempDirectory("coffer-key-bench");
        coffer = CofferServer.start(ServerConfig.defaults(dir).withPort(0)
                .withNetwork(NetworkSettings.defaults().withThrottling(ThrottleLimits.none())));
        JsonNode bootstrap = BenchHttp.readJson(coffer.dataDir().resolve("bootstrap.json"));
        http = new BenchHttp(Path.of(bootstrap.get("caCertificatePath").asText()));
        String tenant = bootstrap.get("tenantId").asText();
        String sub = bootstrap.get("subscriptionId").asText();
        String clientId = bootstrap.get("clientId").asText();
        String secret = bootstrap.get("clientSecret").asText();
        String service = coffer.endpoints().serviceBase();
        String mgmt = http.token(service, tenant, clientId, secret,
                bootstrap.get("managementAudience").asText() + ".default");
        http.require(new int[] {200, 201}, "PUT", service + "/subscriptions/" + sub + "/resourcegroups/bench-keys"
                + "?api-version=2021-04-01", mgmt, "{\"location\":\"local\"}");
        http.require(new int[] {200, 201}, "PUT", service + "/subscriptions/" + sub + "/resourceGroups/bench-keys"
                + "/providers/Microsoft.KeyVault/vaults/benchkeys?api-version=2023-07-01", mgmt,
                "{\"location\":\"local\",\"properties\":{\"tenantId\":\"" + tenant + "\",\"sku\":{\"family\":\"A\","
                        + "\"name\":\"standard\"},\"enableRbacAuthorization\":true}}");
        token = http.token(service, tenant, clientId, secret, coffer.endpoints().vaultResource() + "/.default");
        vaultUrl = "https://benchkeys." + coffer.endpoints().vaultDnsSuffix() + ":" + coffer.port();

        KeyPairGenerator rsaGen = KeyPairGenerator.getInstance("RSA");
        rsaGen.initialize(2048);
        rsa = rsaGen.generateKeyPair();
        KeyPairGenerator ecGen = KeyPairGenerator.getInstance("EC");
        ecGen.initialize(new ECGenParameterSpec("secp256r1"));
        ec = ecGen.generateKeyPair();
        rsaSignPath = importKey("bench-rsa", rsaJwk(rsa), false) + "/sign";
        decryptPath = rsaSignPath.replace("/sign", "/decrypt");
        ecSignPath = importKey("bench-ec", ecJwk(ec), false) + "/sign";

        message = "the same 32-byte payload, always".getBytes(StandardCharsets.UTF_8);
        digestB64 = b64(MessageDigest.getInstance("SHA-256").digest(message));
        oaepCiphertext = oaep(Cipher.ENCRYPT_MODE, rsa.getPublic()).doFinal(new byte[32]);
        oaepBody = "{\"alg\":\"RSA-OAEP-256\",\"value\":\"" + b64(oaepCiphertext) + "\"}";

        byte[] aesBytes = new byte[32];
        new java.security.SecureRandom().nextBytes(aesBytes);
        aes = new SecretKeySpec(aesBytes, "AES");
        Cipher wrap = Cipher.getInstance("AESWrap");
        wrap.init(Cipher.WRAP_MODE, aes);
        wrappedKey = wrap.wrap(new SecretKeySpec(new byte[32], "AES"));
        unwrapBody = "{\"alg\":\"A256KW\",\"value\":\"" + b64(wrappedKey) + "\"}";
        try {
            unwrapPath = importKey("bench-aes", "{\"kty\":\"oct\",\"k\":\"" + b64(aesBytes) + "\"}", true)
                    + "/unwrapkey";
        } catch (IllegalStateException e) {
            unwrapPath = null; // no HSM: the REST unwrap row fails on purpose, the others run
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        coffer.close();
    }

    private String importKey(String name, String jwk, boolean hsm) throws Exception {
        HttpResponse<String> r = http.require(new int[] {200}, "PUT", vaultUrl + "/keys/" + name + API, token,
                "{\"Hsm\":" + hsm + ",\"key\":" + jwk + "}");
        String kid = BenchHttp.JSON.readTree(r.body()).at("/key/kid").asText();
        return kid.substring(kid.indexOf("/keys/"));
    }

    private String post(String path, String body) throws Exception {
        HttpResponse<String> r = http.call("POST", vaultUrl + path + API, token, body);
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    @Benchmark
    public String restSignRs256() throws Exception {
        return post(rsaSignPath, "{\"alg\":\"RS256\",\"value\":\"" + digestB64 + "\"}");
    }

    @Benchmark
    public byte[] jcaSignRs256() throws Exception {
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(rsa.getPrivate());
        s.update(message);
        return s.sign();
    }

    @Benchmark
    public String restSignEs256() throws Exception {
        return post(ecSignPath, "{\"alg\":\"ES256\",\"value\":\"" + digestB64 + "\"}");
    }

    @Benchmark
    public byte[] jcaSignEs256() throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initSign(ec.getPrivate());
        s.update(message);
        return s.sign();
    }

    @Benchmark
    public String restDecryptRsaOaep256() throws Exception {
        return post(decryptPath, oaepBody);
    }

    @Benchmark
    public byte[] jcaDecryptRsaOaep256() throws Exception {
        return oaep(Cipher.DECRYPT_MODE, rsa.getPrivate()).doFinal(oaepCiphertext);
    }

    @Benchmark
    public String restUnwrapA256Kw() throws Exception {
        if (unwrapPath == null) {
            throw new IllegalStateException("no HSM configured: oct keys exist only as oct-HSM keys");
        }
        return post(unwrapPath, unwrapBody);
    }

    @Benchmark
    public java.security.Key jcaUnwrapA256Kw() throws Exception {
        Cipher c = Cipher.getInstance("AESWrap");
        c.init(Cipher.UNWRAP_MODE, aes);
        return c.unwrap(wrappedKey, "AES", Cipher.SECRET_KEY);
    }

    /**
     * Outside JMH, for the HTTPS load run with {@code wrk} and for CPU cost per operation (which, unlike
     * throughput, hardly moves when other processes share the machine):
     * <ul>
     * <li>{@code serve OUT_DIR}: starts the fixture above in this JVM, writes {@code OUT_DIR/info.json} (port,
     * vault host, pid) and one {@code wrk} Lua script per REST operation, and serves until killed; the caller
     * reads this JVM's CPU time from {@code /proc/PID/stat} around each wrk run.</li>
     * <li>{@code jca SECONDS THREADS}: each raw JCA operation on THREADS platform threads for SECONDS: ops/s and
     * CPU µs per operation (thread CPU time).</li>
     * </ul>
     */
    public static void main(String[] args) throws Exception {
        KeyCryptoBenchmark b = new KeyCryptoBenchmark();
        if (args.length == 2 && args[0].equals("serve")) {
            b.setUp();
            b.serve(Path.of(args[1]));
        } else if (args.length == 3 && args[0].equals("jca")) {
            b.setUp();
            int seconds = Integer.parseInt(args[1]);
            int threads = Integer.parseInt(args[2]);
            b.measure("jcaSignRs256", seconds, threads, b::jcaSignRs256);
            b.measure("jcaSignEs256", seconds, threads, b::jcaSignEs256);
            b.measure("jcaDecryptRsaOaep256", seconds, threads, b::jcaDecryptRsaOaep256);
            b.measure("jcaUnwrapA256Kw", seconds, threads, b::jcaUnwrapA256Kw);
            b.tearDown();
        } else {
            System.err.println("usage: KeyCryptoBenchmark serve OUT_DIR | jca SECONDS THREADS");
            System.exit(2);
        }
    }

    private void serve(Path out) throws Exception {
        Files.createDirectories(out);
        String host = "benchkeys." + coffer.endpoints().vaultDnsSuffix() + ":" + coffer.port();
        writeLua(out.resolve("rest-sign-rs256.lua"), host, rsaSignPath,
                "{\"alg\":\"RS256\",\"value\":\"" + digestB64 + "\"}");
        writeLua(out.resolve("rest-sign-es256.lua"), host, ecSignPath,
                "{\"alg\":\"ES256\",\"value\":\"" + digestB64 + "\"}");
        writeLua(out.resolve("rest-decrypt-rsa-oaep-256.lua"), host, decryptPath, oaepBody);
        if (unwrapPath != null) {
            writeLua(out.resolve("rest-unwrap-a256kw.lua"), host, unwrapPath, unwrapBody);
        }
        Files.writeString(out.resolve("info.json"), "{\"port\":" + coffer.port() + ",\"host\":\"" + host
                + "\",\"pid\":" + ProcessHandle.current().pid() + ",\"hsm\":" + (unwrapPath != null) + "}\n");
        System.out.println("serving on https://127.0.0.1:" + coffer.port() + " as " + host);
        coffer.join();
    }

    private void writeLua(Path file, String host, String path, String body) throws Exception {
        Files.writeString(file, "wrk.method = \"POST\"\nwrk.path = \"" + path + API + "\"\nwrk.body = '" + body
                + "'\nwrk.headers[\"Host\"] = \"" + host + "\"\nwrk.headers[\"Content-Type\"] = "
                + "\"application/json\"\nwrk.headers[\"Authorization\"] = \"Bearer " + token + "\"\n"
                + "response = function(status, headers, body)\n  if status ~= 200 then print(status .. \" \" .. body)"
                + " end\nend\n");
    }

    @FunctionalInterface
    private interface Op {
        Object run() throws Exception;
    }

    private void measure(String name, int seconds, int threads, Op op) throws Exception {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long end = System.nanoTime() + 1_000_000_000L; // one second of warm-up, then the measured run
        while (System.nanoTime() < end) {
            op.run();
        }
        java.util.concurrent.atomic.AtomicLong ops = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong cpu = new java.util.concurrent.atomic.AtomicLong();
        long stop = System.nanoTime() + seconds * 1_000_000_000L;
        Thread[] workers = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Thread(() -> {
                long start = mx.getCurrentThreadCpuTime();
                long n = 0;
                try {
                    while (System.nanoTime() < stop) {
                        op.run();
                        n++;
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                ops.addAndGet(n);
                cpu.addAndGet(mx.getCurrentThreadCpuTime() - start);
            });
            workers[i].start();
        }
        for (Thread t : workers) {
            t.join();
        }
        System.out.printf("%s: %.0f ops/s, %.1f CPU µs/op (%d threads, %d s)%n", name, ops.get() / (double) seconds,
                cpu.get() / 1000.0 / ops.get(), threads, seconds);
    }

    private static Cipher oaep(int mode, java.security.Key key) throws Exception {
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(mode, key, new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
                PSource.PSpecified.DEFAULT));
        return c;
    }

    private static String rsaJwk(KeyPair pair) {
        RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
        RSAPrivateCrtKey k = (RSAPrivateCrtKey) pair.getPrivate();
        return "{\"kty\":\"RSA\",\"n\":\"" + b64(pub.getModulus()) + "\",\"e\":\"" + b64(pub.getPublicExponent())
                + "\",\"d\":\"" + b64(k.getPrivateExponent()) + "\",\"p\":\"" + b64(k.getPrimeP()) + "\",\"q\":\""
                + b64(k.getPrimeQ()) + "\",\"dp\":\"" + b64(k.getPrimeExponentP()) + "\",\"dq\":\""
                + b64(k.getPrimeExponentQ()) + "\",\"qi\":\"" + b64(k.getCrtCoefficient()) + "\"}";
    }

    private static String ecJwk(KeyPair pair) {
        ECPublicKey pub = (ECPublicKey) pair.getPublic();
        PrivateKey priv = pair.getPrivate();
        return "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + b64(fixed(pub.getW().getAffineX())) + "\",\"y\":\""
                + b64(fixed(pub.getW().getAffineY())) + "\",\"d\":\"" + b64(fixed(((ECPrivateKey) priv).getS()))
                + "\"}";
    }

    private static byte[] fixed(BigInteger v) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, out, 32 - n, n);
        return out;
    }

    private static String b64(BigInteger v) {
        byte[] b = v.toByteArray();
        return b64(b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b);
    }

    private static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
