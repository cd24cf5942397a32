package dev.coffer.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Method + path template → handler. Literal segments match case-insensitively (ARM paths arrive as both
 * {@code resourceGroups} and {@code resourcegroups}); {@code {name}} matches one non-empty segment and
 * {@code {name?}} one possibly empty segment, so {@code /secrets/x/} reaches "latest version" routes.
 */
public final class Router<H> {

    public record Match<H>(H handler, Map<String, String> params) {
        public String param(String name) {
            return params.get(name);
        }
    }

    private record Route<H>(String method, String[] segments, H handler) {
    }

    private final List<Route<H>> routes = new ArrayList<>();

    public Router<H> add(String method, String template, H handler) {
        routes.add(new Route<>(method, split(template), handler));
        return this;
    }

    public Optional<Match<H>> match(String method, String path) {
        String[] segments = split(path);
        Optional<Match<H>> found = find(method, segments);
        if (found.isEmpty() && segments.length > 0 && segments[segments.length - 1].isEmpty()) {
            String[] trimmed = java.util.Arrays.copyOf(segments, segments.length - 1);
            found = find(method, trimmed);
        }
        return found;
    }

    /** True when some route has this path under another method (answer 405, not 404). */
    public boolean hasPath(String path) {
        String[] segments = split(path);
        for (Route<H> r : routes) {
            if (bind(r.segments(), segments) != null) {
                return true;
            }
        }
        return false;
    }

    private Optional<Match<H>> find(String method, String[] segments) {
        for (Route<H> r : routes) {
            if (!r.method().equalsIgnoreCase(method)) {
                continue;
            }
            Map<String, String> params = bind(r.segments(), segments);
            if (params != null) {
                return Optional.of(new Match<>(r.handler(), params));
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> bind(String[] template, String[] segments) {
        if (template.length != segments.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            String s = segments[i];
            if (t.startsWith("{")) {
                boolean optional = t.endsWith("?}");
                if (s.isEmpty() && !optional) {
                    return null;
                }
                params.put(t.substring(1, t.length() - (optional ? 2 : 1)), s);
            } else if (!t.equalsIgnoreCase(s)) {
                return null;
            }
        }
        return params;
    }

    private static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.isEmpty()) {
            return new String[0];
        }
        return p.split("/", -1);
    }
}
