package dev.coffer.wire;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.error.BadRequest;
import dev.coffer.http.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Azure's paged lists: {@code {"value":[…],"nextLink":…}} where nextLink is an absolute URL on the host the
 * client used, carrying the api-version, an opaque {@code $skiptoken} and {@code maxresults}.
 */
public final class Paging {

    public static final int MAX_RESULTS = 25;

    private Paging() {
    }

    public static int maxResults(String given) {
        if (given == null || given.isEmpty()) {
            return MAX_RESULTS;
        }
        try {
            int n = Integer.parseInt(given);
            if (n >= 1 && n <= MAX_RESULTS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the refusal below
        }
        throw new BadRequest("BadParameter", "'maxresults' must be an integer from 1 to 25.");
    }

    /** The marker inside a {@code $skiptoken}, or null for the first page. */
    public static String marker(String skipToken) {
        if (skipToken == null || skipToken.isEmpty()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(skipToken), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("BadParameter", "The '$skiptoken' is not valid.");
        }
    }

    public static ObjectNode page(ArrayNode items, String listUrl, String apiVersion, String nextMarker, int max) {
        ObjectNode node = Json.object();
        node.set("value", items);
        if (nextMarker == null) {
            node.putNull("nextLink");
        } else {
            String token = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(nextMarker.getBytes(StandardCharsets.UTF_8));
            node.put("nextLink", listUrl + "?api-version=" + enc(apiVersion) + "&$skiptoken=" + token
                    + "&maxresults=" + max);
        }
        return node;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
