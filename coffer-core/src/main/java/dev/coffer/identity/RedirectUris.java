package dev.coffer.identity;

import dev.coffer.directory.Directory;
import dev.coffer.error.BadRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where an authorization response may be sent: an application's registered redirect URIs (exact match,
 * https), or a loopback address on any port, as native clients use (RFC 8252 §7.3; Azure CLI listens on
 * localhost). Registrations are kept as the tenant setting {@code redirectUris:{appId}}.
 */
public final class RedirectUris {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");
    private static final int MAX_URIS = 256;

    private final Directory directory;

    public RedirectUris(Directory directory) {
        this.directory = directory;
    }

    public List<String> registered(String tenantId, String appId) {
        String value = directory.settings(tenantId).get(key(appId));
        return value == null || value.isEmpty() ? List.of() : Arrays.asList(value.split("\n"));
    }

    public void register(String tenantId, String appId, List<String> uris) {
        if (uris.size() > MAX_URIS) {
            throw new BadRequest("Request_BadRequest", "At most " + MAX_URIS + " redirect URIs.");
        }
        for (String uri : uris) {
            URI parsed = parse(uri);
            if (parsed == null || parsed.getFragment() != null || uri.contains("\n")
                    || !("https".equals(parsed.getScheme()) || isLoopback(parsed))) {
                throw new BadRequest("Request_BadRequest", "Redirect URIs must be absolute https URLs (or http on "
                        + "a loopback address) without a fragment.");
            }
        }
        directory.setSetting(tenantId, key(appId), uris.isEmpty() ? null : String.join("\n", uris));
    }

    /** Whether the authorization response for this client may go to this URI. */
    public boolean allowed(String tenantId, String appId, String redirectUri) {
        URI parsed = parse(redirectUri);
        if (parsed == null || parsed.getFragment() != null) {
            return false;
        }
        return isLoopback(parsed) || registered(tenantId, appId).contains(redirectUri);
    }

    private static boolean isLoopback(URI uri) {
        return "http".equals(uri.getScheme()) && uri.getHost() != null
                && LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT)) && uri.getUserInfo() == null;
    }

    private static URI parse(String uri) {
        if (uri == null || uri.length() > 2048) {
            return null;
        }
        try {
            URI parsed = new URI(uri);
            return parsed.isAbsolute() && parsed.getHost() != null ? parsed : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String key(String appId) {
        return "redirectUris:" + appId.toLowerCase(Locale.ROOT);
    }
}
