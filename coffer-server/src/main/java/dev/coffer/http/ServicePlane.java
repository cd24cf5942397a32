package dev.coffer.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.error.NotFound;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The service host: public endpoints first (token service, cloud metadata, health), everything else is the
 * management plane, which authenticates every request.
 */
public final class ServicePlane {

    /**
     * A document served to anyone with GET (no authentication, like the discovery documents), such as the local
     * CA's revocation list; {@code maxAgeSeconds} goes into {@code Cache-Control}.
     */
    public record PublicDocument(String path, String contentType, int maxAgeSeconds, Supplier<byte[]> body) {
    }

    private final Router<TokenEndpoints.Handler> publicRoutes;
    private final ManagementPlane management;
    private final ManagementPlane graph;
    /** Graph is served at {@code /v1.0/…} and, for clients that need a URL of its own, at {@code /graph/v1.0/…}. */
    private static final String GRAPH_MOUNT = "/graph";

    /** @param ready whether the store and the audit log can serve requests ({@code /healthz/ready}) */
    public ServicePlane(TokenEndpoints tokens, MetadataEndpointsFactory metadata, ManagementPlane management,
                        ManagementPlane graph, java.util.function.BooleanSupplier ready) {
        this(tokens, metadata, management, graph, ready, List.of());
    }

    public ServicePlane(TokenEndpoints tokens, MetadataEndpointsFactory metadata, ManagementPlane management,
                        ManagementPlane graph, java.util.function.BooleanSupplier ready,
                        List<PublicDocument> documents) {
        this.management = management;
        this.graph = graph;
        this.publicRoutes = new Router<>();
        MetadataEndpoints meta = metadata.create();
        publicRoutes.add("GET", "/metadata/endpoints", (ex, m) -> meta.handle(ex))
                .add("GET", "/healthz/live", (ex, m) -> health(ex, true))
                .add("GET", "/healthz/ready", (ex, m) -> health(ex, ready.getAsBoolean()));
        for (PublicDocument d : documents) {
            publicRoutes.add("GET", d.path(), (ex, m) -> {
                ex.setHeader("Cache-Control", "public, max-age=" + d.maxAgeSeconds());
                ex.send(200, d.contentType(), d.body().get());
            });
        }
        tokens.register(publicRoutes);
    }

    /** Builds the cloud metadata document's handler (kept package-private). */
    public record MetadataEndpointsFactory(dev.coffer.identity.Endpoints endpoints) {
        MetadataEndpoints create() {
            return new MetadataEndpoints(endpoints);
        }
    }

    public void handle(Exchange ex) {
        Optional<Router.Match<TokenEndpoints.Handler>> match = publicRoutes.match(ex.method(), ex.path());
        if (match.isPresent()) {
            match.get().handler().handle(ex, match.get());
            return;
        }
        if (ex.path().startsWith(GRAPH_MOUNT + "/v1.0/") || ex.path().equals(GRAPH_MOUNT + "/v1.0")) {
            ex.mountAt(GRAPH_MOUNT);
        }
        if (ex.path().startsWith("/v1.0/") || ex.path().equals("/v1.0")) {
            graph.handle(ex);
            return;
        }
        if (management.serves(ex.path()) || ex.path().toLowerCase(java.util.Locale.ROOT).startsWith("/subscriptions")
                || ex.path().toLowerCase(java.util.Locale.ROOT).startsWith("/providers")) {
            management.handle(ex);
            return;
        }
        ex.sendError(new NotFound("NotFound", "No resource at " + dev.coffer.objects.Names.sanitize(ex.path())
                + "."), ErrorMapper.Shape.ARM);
    }

    private static void health(Exchange ex, boolean ok) {
        ObjectNode body = Json.object();
        body.put("status", ok ? "ok" : "unavailable");
        ex.sendJson(ok ? 200 : 503, body);
    }
}
