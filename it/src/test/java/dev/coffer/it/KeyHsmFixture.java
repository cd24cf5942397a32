package dev.coffer.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * One SoftHSM2 token for the whole test JVM: a fresh token directory and configuration at the path surefire
 * puts in {@code SOFTHSM2_CONF} (SoftHSM reads it when the library first loads, so it is written before any
 * server starts), initialized with {@code softhsm2-util}. Servers that should use it start through
 * {@link #start(Path)}, which hands them the token's settings as system properties for that start only.
 * Without SoftHSM2 installed the HSM tests are skipped, with the command that installs it.
 */
final class KeyHsmFixture {

    static final String INSTALL = "SoftHSM2 is not installed; install it with: apt-get install -y softhsm2";
    private static final List<Path> LIBRARIES = List.of(Path.of("/usr/lib/softhsm/libsofthsm2.so"),
            Path.of("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"),
            Path.of("/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so"),
            Path.of("/usr/local/lib/softhsm/libsofthsm2.so"));
    static final String PIN = "7391";

    record Token(Path library, long slot, Path pinFile) {
    }

    private static Token token;

    private KeyHsmFixture() {
    }

    static Optional<Path> library() {
        return LIBRARIES.stream().filter(Files::isRegularFile).findFirst();
    }

    /** The shared token, made on first use; skips the calling test when SoftHSM2 is missing. */
    static synchronized Token token() throws Exception {
        Assumptions.assumeTrue(library().isPresent(), INSTALL);
        String conf = System.getenv("SOFTHSM2_CONF");
        Assumptions.assumeTrue(conf != null, "SOFTHSM2_CONF is not set: run the HSM tests through Maven, whose "
                + "it/pom.xml sets it");
        if (token == null) {
            Path confFile = Path.of(conf);
            Path dir = confFile.getParent();
            Path tokens = dir.resolve("tokens");
            if (Files.exists(tokens)) {
                try (Stream<Path> old = Files.walk(tokens)) {
                    old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(tokens);
            Files.writeString(confFile, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\n"
                    + "log.level = ERROR\nslots.removable = false\n");
            Process p = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", "coffer-it",
                    "--so-pin", "73917391", "--pin", PIN).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("softhsm2-util failed: " + out);
            }
            Matcher m = Pattern.compile("reassigned to slot (\\d+)").matcher(out);
            if (!m.find()) {
                throw new IllegalStateException("cannot find the new token's slot in: " + out);
            }
            Path pin = dir.resolve("pin.txt");
            Files.writeString(pin, PIN);
            token = new Token(library().get(), Long.parseLong(m.group(1)), pin);
        }
        return token;
    }

    /** Starts a server that uses the shared token. */
    static RunningCoffer start(Path dataDir) throws Exception {
        Token t = token();
        synchronized (KeyHsmFixture.class) {
            System.setProperty("coffer.pkcs11.library", t.library().toString());
            System.setProperty("coffer.pkcs11.slot", Long.toString(t.slot()));
            System.setProperty("coffer.pkcs11.pinFile", t.pinFile().toString());
            try {
                return RunningCoffer.start(dataDir);
            } finally {
                System.clearProperty("coffer.pkcs11.library");
                System.clearProperty("coffer.pkcs11.slot");
                System.clearProperty("coffer.pkcs11.pinFile");
            }
        }
    }

    /** The labels of Coffer's objects in the token, seen through a provider of the test's own. */
    static List<String> labels() throws Exception {
        return java.util.Collections.list(keyStore().aliases()).stream().filter(a -> a.startsWith("coffer-"))
                .sorted().toList();
    }

    static java.security.KeyStore keyStore() throws Exception {
        Token t = token();
        java.security.Provider p = java.security.Security.getProvider("SunPKCS11").configure("--name=CofferTest\n"
                + "library=" + t.library() + "\nslot=" + t.slot() + "\n");
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS11", p);
        ks.load(null, PIN.toCharArray());
        return ks;
    }
}
