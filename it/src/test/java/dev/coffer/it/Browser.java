package dev.coffer.it;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A person with a browser on Coffer's sign-in pages: keeps the sign-in cookie, reads the CSRF token, posts forms. */
final class Browser {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final RunningCoffer coffer;
    private String cookie;
    private String csrf;

    Browser(RunningCoffer coffer) {
        this.coffer = coffer;
    }

    HttpResponse<String> get(String pathAndQuery) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(coffer.serviceBase() + pathAndQuery)).GET();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return remember(coffer.http().send(b.build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** Posts a form the page showed, with its CSRF token (unless the test leaves it out on purpose). */
    HttpResponse<String> post(String path, Map<String, String> fields, boolean withCsrf) throws Exception {
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (withCsrf && csrf != null) {
            all.put("csrf", csrf);
        }
        StringBuilder body = new StringBuilder();
        all.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(enc(k)).append('=').append(enc(v)));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(coffer.serviceBase() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return remember(coffer.http().send(b.build(), HttpResponse.BodyHandlers.ofString()));
    }

    HttpResponse<String> post(String path, Map<String, String> fields) throws Exception {
        return post(path, fields, true);
    }

    void forgetCookie() {
        cookie = null;
    }

    private HttpResponse<String> remember(HttpResponse<String> r) {
        r.headers().firstValue("Set-Cookie").ifPresent(c -> {
            String pair = c.split(";", 2)[0];
            cookie = pair.endsWith("=") ? null : pair;
        });
        Matcher m = CSRF.matcher(r.body());
        if (m.find()) {
            csrf = m.group(1);
        }
        return r;
    }

    /** The query parameters of a redirect's Location. */
    static Map<String, String> query(String location) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = URI.create(location).getRawQuery();
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
