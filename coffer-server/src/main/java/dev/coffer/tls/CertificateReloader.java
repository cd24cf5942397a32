package dev.coffer.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks up a certificate and key replaced on disk without a restart: checks the configured files every
 * {@link TlsSettings#reloadInterval()} and, when their content changed and they load as a matching pair,
 * swaps them into Jetty's {@link SslContextFactory} with {@code reload}. New handshakes present the new
 * certificate; established connections keep theirs and are not dropped. A half-written pair (certificate
 * replaced, key not yet) fails the key match and is simply retried at the next check; the old pair stays in
 * service meanwhile.
 *
 * <p>Jetty's {@code KeyStoreScanner} watches a keystore file; Coffer's keystore lives only in memory (built
 * from PEM or PKCS#12), so it watches the source files itself. A Jetty bean: started and stopped with the
 * server.
 */
public final class CertificateReloader extends AbstractLifeCycle {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateReloader.class);

    private final TlsSettings settings;
    private final SslContextFactory.Server factory;
    private final List<Path> files;
    private ScheduledExecutorService scheduler;
    private String fingerprint;
    private String failedFingerprint;
    private volatile int reloads;

    private CertificateReloader(TlsSettings settings, SslContextFactory.Server factory, List<Path> files) {
        this.settings = settings;
        this.factory = factory;
        this.files = files;
    }

    /** A reloader for the operator's files; one that does nothing for the local CA or a zero interval. */
    public static CertificateReloader watching(TlsSettings settings, SslContextFactory.Server factory) {
        List<Path> files = new ArrayList<>();
        if (!settings.reloadInterval().isZero()) {
            if (settings.pkcs12File() != null) {
                files.add(settings.pkcs12File());
            } else if (settings.certificateFile() != null) {
                files.add(settings.certificateFile());
                if (settings.privateKeyFile() != null) {
                    files.add(settings.privateKeyFile());
                }
            }
        }
        return new CertificateReloader(settings, factory, List.copyOf(files));
    }

    /** How many times a new certificate was put into service. */
    public int reloads() {
        return reloads;
    }

    @Override
    protected void doStart() throws Exception {
        if (files.isEmpty()) {
            return;
        }
        fingerprint = fingerprint();
        long millis = Math.max(50, settings.reloadInterval().toMillis());
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon(true)
                .name("coffer-certificate-reloader").unstarted(r));
        scheduler.scheduleWithFixedDelay(this::check, millis, millis, TimeUnit.MILLISECONDS);
        LOG.info("watching {} for a replaced certificate every {}", files, Duration.ofMillis(millis));
    }

    @Override
    protected void doStop() throws Exception {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
            scheduler = null;
        }
    }

    /** One check; public for tests that do not want to wait for the schedule. */
    public synchronized boolean check() {
        try {
            String now = fingerprint();
            if (now.equals(fingerprint) || now.equals(failedFingerprint)) {
                return false;
            }
            ServerIdentity identity;
            try {
                identity = settings.pkcs12File() != null
                        ? ServerIdentity.fromPkcs12(settings.pkcs12File(), settings.pkcs12Password())
                        : ServerIdentity.fromPem(settings.certificateFile(), settings.privateKeyFile() != null
                                ? settings.privateKeyFile() : settings.certificateFile());
            } catch (RuntimeException e) {
                // Often a pair caught mid-replacement; the next change of either file triggers another attempt.
                failedFingerprint = now;
                LOG.warn("certificate files {} changed but do not load as a key pair yet ({}); keeping the current "
                        + "certificate", files, e.getMessage());
                return false;
            }
            String password = randomPassword();
            factory.reload(f -> {
                f.setKeyStore(identity.toKeyStore(password.toCharArray()));
                f.setKeyStorePassword(password);
            });
            fingerprint = now;
            failedFingerprint = null;
            reloads++;
            LOG.info("now presenting certificate {} (valid until {}) from {}",
                    identity.leafCertificate().getSubjectX500Principal(),
                    identity.leafCertificate().getNotAfter().toInstant(), files);
            return true;
        } catch (Exception e) {
            LOG.warn("checking certificate files {} failed: {}", files, e.toString());
            return false;
        }
    }

    /** SHA-256 over the files' contents; a missing file counts as its own state. */
    private String fingerprint() throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Path f : files) {
            byte[] content = Files.exists(f) ? Files.readAllBytes(f) : new byte[0];
            digest.update(content);
            Arrays.fill(content, (byte) 0);
            digest.update((byte) 0);
        }
        return Base64.getEncoder().encodeToString(digest.digest());
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
