package dev.coffer.directory;

import dev.coffer.crypto.SecretBytes;
import dev.coffer.error.NotFound;
import dev.coffer.store.CredentialRow;
import dev.coffer.store.PrincipalRow;
import dev.coffer.store.Store;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client secrets and certificates of applications and service principals. The ids of live credentials are
 * kept in memory for the per-request check: tokens name the credential they were issued for, so removing it
 * revokes them on the very next request.
 */
final class ClientCredentials {

    static final String CERTIFICATE = "x509-der";
    private static final Duration DEFAULT_SECRET_LIFETIME = Duration.ofDays(365 * 2);

    private final Store store;
    private final Clock clock;
    private final SecureRandom random;
    private final Directory directory;
    private final Set<String> liveCredentialIds = ConcurrentHashMap.newKeySet();

    ClientCredentials(Store store, Clock clock, SecureRandom random, Directory directory) {
        this.store = store;
        this.clock = clock;
        this.random = random;
        this.directory = directory;
    }

    void remember(String keyId) {
        liveCredentialIds.add(key(keyId));
    }

    IssuedClientSecret addPassword(String objectId, String displayName) {
        PrincipalRow owner = directory.principal(objectId).filter(p -> p.kind().equals(Directory.APPLICATION)
                || p.kind().equals(Directory.SERVICE_PRINCIPAL)).orElseThrow(() -> new NotFound(
                "Request_ResourceNotFound", "Application or service principal '" + objectId + "' does not exist."));
        byte[] raw = new byte[30];
        random.nextBytes(raw);
        String text = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        String keyId = UUID.randomUUID().toString();
        SecretBytes secret = SecretBytes.ofUtf8(text);
        long created = now();
        long expires = created + DEFAULT_SECRET_LIFETIME.toSeconds();
        CredentialRow row = new CredentialRow(owner.objectId(), keyId, ClientSecretHasher.ALGORITHM,
                ClientSecretHasher.hash(keyId, secret), text.substring(0, 3), created, expires);
        store.write(tx -> {
            tx.putCredential(row);
            return null;
        });
        remember(keyId);
        return new IssuedClientSecret(keyId, row.hint(), secret, expires);
    }

    CredentialRow addCertificate(String objectId, byte[] der, String thumbprintHex, long expiresAt) {
        PrincipalRow owner = directory.require(objectId, null);
        CredentialRow row = new CredentialRow(owner.objectId(), UUID.randomUUID().toString(), CERTIFICATE, der,
                thumbprintHex, now(), expiresAt);
        store.write(tx -> {
            tx.putCredential(row);
            return null;
        });
        remember(row.keyId());
        return row;
    }

    void remove(String objectId, String keyId) {
        directory.require(objectId, null);
        boolean existed = store.write(tx -> {
            boolean found = tx.credentials(objectId).stream().anyMatch(c -> c.keyId().equalsIgnoreCase(keyId));
            tx.deleteCredential(objectId, keyId);
            return found;
        });
        if (!existed) {
            throw new NotFound("Request_ResourceNotFound", "No credential with keyId '" + keyId + "' exists.");
        }
        liveCredentialIds.remove(key(keyId));
    }

    List<CredentialRow> of(String tenantId, String appId) {
        List<CredentialRow> out = new ArrayList<>();
        store.read(tx -> {
            directory.servicePrincipalByAppId(tenantId, appId).ifPresent(sp -> out.addAll(tx.credentials(sp.objectId())));
            directory.applicationByAppId(tenantId, appId).ifPresent(app -> out.addAll(tx.credentials(app.objectId())));
            return null;
        });
        return out;
    }

    Optional<ClientAuthentication> authenticate(String tenantId, String appId, SecretBytes presented) {
        Optional<PrincipalRow> sp = directory.servicePrincipalByAppId(tenantId, appId).filter(PrincipalRow::enabled);
        if (sp.isEmpty()) {
            return Optional.empty();
        }
        long now = now();
        String matched = null;
        for (CredentialRow c : of(tenantId, appId)) {
            if (ClientSecretHasher.ALGORITHM.equals(c.hashAlgorithm()) && c.expiresAt() > now
                    && ClientSecretHasher.matches(c.keyId(), presented, c.hash())) {
                matched = c.keyId();
            }
        }
        return matched == null ? Optional.empty() : Optional.of(new ClientAuthentication(sp.get(), matched));
    }

    boolean active(String keyId) {
        return keyId == null || liveCredentialIds.contains(key(keyId));
    }

    /** After a principal was deleted its credentials went with it (the store cascades). */
    void forget(List<String> keyIds) {
        keyIds.forEach(k -> liveCredentialIds.remove(key(k)));
    }

    private static String key(String id) {
        return id.toLowerCase(Locale.ROOT);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
