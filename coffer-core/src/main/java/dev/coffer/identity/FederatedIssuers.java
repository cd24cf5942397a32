package dev.coffer.identity;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.coffer.directory.Directory;
import dev.coffer.error.BadRequest;
import dev.coffer.error.NotFound;
import dev.coffer.store.TenantRow;
import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The external OpenID Connect issuers tenants trust. Registering one fetches the issuer's discovery document,
 * which must name exactly that issuer, and keeps its {@code jwks_uri}. Kept as tenant settings
 * ({@code federatedIssuer:{id}}, JSON) and indexed in memory by issuer for the per-request lookup.
 * Issuers must be https, except on a loopback host (a local test IdP).
 */
public final class FederatedIssuers {

    private static final String PREFIX = "federatedIssuer:";
    private static final Pattern CLAIM = Pattern.compile("^[A-Za-z0-9_.:/-]{1,64}$");
    private static final int MAX_PER_TENANT = 20;

    private final Directory directory;
    private final KeySetFetcher fetcher;
    private final Map<String, List<FederatedIssuer>> byIssuer = new ConcurrentHashMap<>();

    public FederatedIssuers(Directory directory, KeySetFetcher fetcher) {
        this.directory = directory;
        this.fetcher = fetcher;
        reindex();
    }

    /** The trusts whose issuer is exactly this string (compared as is, as OpenID Connect requires). */
    public List<FederatedIssuer> forIssuer(String issuer) {
        return issuer == null ? List.of() : byIssuer.getOrDefault(issuer, List.of());
    }

    public boolean any() {
        return !byIssuer.isEmpty();
    }

    public KeySetFetcher fetcher() {
        return fetcher;
    }

    public List<FederatedIssuer> list(String tenantId) {
        List<FederatedIssuer> out = new ArrayList<>();
        directory.settings(tenantId).forEach((k, v) -> {
            if (k.startsWith(PREFIX) && v != null) {
                out.add(parse(tenantId, k.substring(PREFIX.length()), v));
            }
        });
        return out;
    }

    public FederatedIssuer register(String tenantId, String issuer, String audience, String objectIdClaim,
                                    String groupsClaim, Map<String, String> groupMapping) {
        if (issuer == null || audience == null || audience.isBlank() || audience.length() > 512) {
            throw new BadRequest("Request_BadRequest", "'issuer' and 'audience' are required.");
        }
        URI issuerUri = checkedUri(issuer);
        String oidClaim = objectIdClaim == null ? "sub" : objectIdClaim;
        String groups = groupsClaim == null ? "groups" : groupsClaim;
        if (!CLAIM.matcher(oidClaim).matches() || !CLAIM.matcher(groups).matches()) {
            throw new BadRequest("Request_BadRequest", "Claim names must be 1-64 letters, digits or _.:/-.");
        }
        for (String groupId : groupMapping.values()) {
            directory.principal(groupId).filter(p -> Directory.GROUP.equals(p.kind())
                    && p.tenantId().equalsIgnoreCase(tenantId)).orElseThrow(() -> new BadRequest(
                    "Request_BadRequest", "groupMapping names '" + groupId + "', which is not a group of this tenant."));
        }
        if (list(tenantId).size() >= MAX_PER_TENANT) {
            throw new BadRequest("Request_BadRequest", "A tenant can trust at most " + MAX_PER_TENANT + " issuers.");
        }
        String jwksUri = discover(issuerUri, issuer);
        FederatedIssuer trust = new FederatedIssuer(UUID.randomUUID().toString(), tenantId, issuer, jwksUri, audience,
                oidClaim, groups, groupMapping);
        directory.setSetting(tenantId, PREFIX + trust.id(), serialize(trust));
        reindex();
        return trust;
    }

    public void remove(String tenantId, String id) {
        if (list(tenantId).stream().noneMatch(f -> f.id().equalsIgnoreCase(id))) {
            throw new NotFound("Request_ResourceNotFound", "No federated issuer '" + id + "' in this tenant.");
        }
        directory.setSetting(tenantId, PREFIX + id.toLowerCase(Locale.ROOT), null);
        reindex();
    }

    /** Reads the issuer's discovery document; its {@code issuer} must be the configured one, exactly. */
    private String discover(URI issuerUri, String issuer) {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        Map<String, Object> doc;
        try {
            doc = JSONObjectUtils.parse(fetcher.get(URI.create(base + "/.well-known/openid-configuration")));
        } catch (IOException | ParseException | IllegalArgumentException e) {
            throw new BadRequest("Request_BadRequest", "The issuer's discovery document could not be read.");
        }
        if (!issuer.equals(doc.get("issuer"))) {
            throw new BadRequest("Request_BadRequest", "The discovery document names another issuer.");
        }
        if (!(doc.get("jwks_uri") instanceof String jwks)) {
            throw new BadRequest("Request_BadRequest", "The discovery document has no jwks_uri.");
        }
        checkedUri(jwks);
        return jwks;
    }

    static URI checkedUri(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (java.net.URISyntaxException e) {
            throw new BadRequest("Request_BadRequest", "Not a URL: the issuer and its key set must be absolute URLs.");
        }
        boolean loopback = uri.getHost() != null && Set.of("localhost", "127.0.0.1", "[::1]")
                .contains(uri.getHost().toLowerCase(Locale.ROOT));
        if (!uri.isAbsolute() || uri.getHost() == null || !("https".equals(uri.getScheme())
                || ("http".equals(uri.getScheme()) && loopback))) {
            throw new BadRequest("Request_BadRequest", "Issuers must use https (http only on a loopback host).");
        }
        return uri;
    }

    private void reindex() {
        Map<String, List<FederatedIssuer>> index = new HashMap<>();
        for (TenantRow tenant : directory.tenants()) {
            for (FederatedIssuer f : list(tenant.tenantId())) {
                index.computeIfAbsent(f.issuer(), k -> new ArrayList<>()).add(f);
            }
        }
        byIssuer.clear();
        index.forEach((k, v) -> byIssuer.put(k, List.copyOf(v)));
    }

    private static String serialize(FederatedIssuer f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", f.issuer());
        m.put("jwksUri", f.jwksUri());
        m.put("audience", f.audience());
        m.put("objectIdClaim", f.objectIdClaim());
        m.put("groupsClaim", f.groupsClaim());
        m.put("groupMapping", new LinkedHashMap<>(f.groupMapping()));
        return JSONObjectUtils.toJSONString(m);
    }

    @SuppressWarnings("unchecked")
    private static FederatedIssuer parse(String tenantId, String id, String json) {
        try {
            Map<String, Object> m = JSONObjectUtils.parse(json);
            Map<String, String> mapping = new LinkedHashMap<>();
            ((Map<String, Object>) m.getOrDefault("groupMapping", Map.of())).forEach((k, v) -> mapping.put(k, (String) v));
            return new FederatedIssuer(id, tenantId, (String) m.get("issuer"), (String) m.get("jwksUri"),
                    (String) m.get("audience"), (String) m.get("objectIdClaim"), (String) m.get("groupsClaim"), mapping);
        } catch (ParseException | ClassCastException e) {
            throw new IllegalStateException("a stored federated issuer is malformed", e);
        }
    }
}
