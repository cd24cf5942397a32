package dev.coffer.auditlog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code coffer audit …}: offline tools for the audit log. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Work with Coffer's audit log.",
        subcommands = {AuditCommand.Verify.class})
public final class AuditCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** {@code coffer audit verify}: exit 0 when intact, 1 naming the first bad event, 2 when it cannot check. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check the audit log's hash chain and signed checkpoints; name the first altered, removed,"
                    + " reordered or inserted event.")
    public static final class Verify implements Callable<Integer> {

        @Option(names = "--data-dir", defaultValue = "${env:COFFER_DATA_DIR:-./coffer-data}",
                description = "Coffer's data dir (default ${DEFAULT-VALUE}); the log is in <data-dir>/audit.")
        Path dataDir;

        @Option(names = "--audit-dir", description = "The audit log directory, when it is elsewhere (a copy).")
        Path auditDir;

        @Option(names = "--public-key", description = "The audit public key (PEM) you trust; default "
                + "<data-dir>/" + AuditSigner.PUBLIC_FILE + ". Keep a copy outside the server to be sure.")
        Path publicKey;

        @Override
        public Integer call() {
            Path dir = auditDir != null ? auditDir : dataDir.resolve("audit");
            Path keyFile = publicKey != null ? publicKey : dataDir.resolve(AuditSigner.PUBLIC_FILE);
            try {
                if (!Files.isDirectory(dir)) {
                    System.err.println("no audit log at " + dir);
                    return 2;
                }
                PublicKey key = AuditSigner.readPublicKey(keyFile);
                AuditVerifier.Report report = AuditVerifier.verify(dir, key);
                System.out.println("audit key " + AuditSigner.keyId(key) + ", log " + dir);
                System.out.println(report.describe());
                return report.intact() ? 0 : 1;
            } catch (Exception e) {
                System.err.println("cannot verify " + dir + ": " + e.getMessage());
                return 2;
            }
        }
    }
}
