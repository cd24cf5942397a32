package dev.coffer.identity;

import java.io.IOException;
import java.net.URI;

/**
 * Fetches a document of an external identity provider (OpenID configuration, JWKS). The implementation lives
 * at the edge (coffer-core has no HTTP) and must bound time and size: a huge or endless answer is an error.
 */
@FunctionalInterface
public interface KeySetFetcher {
    String get(URI uri) throws IOException;
}
