package dev.coffer.http;

import dev.coffer.identity.OAuthException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** An {@code application/x-www-form-urlencoded} body; a repeated parameter is refused, as OAuth2 requires. */
final class FormBody {

    private FormBody() {
    }

    static Map<String, String> parse(byte[] body) {
        Map<String, String> form = new HashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return form;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (form.put(name, value) != null) {
                    throw OAuthException.invalidRequest("The parameter '" + name + "' is repeated.");
                }
            } catch (IllegalArgumentException e) {
                throw OAuthException.invalidRequest("The request body is not valid form encoding.");
            }
        }
        return form;
    }
}
