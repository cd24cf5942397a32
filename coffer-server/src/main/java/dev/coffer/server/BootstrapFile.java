package dev.coffer.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.bootstrap.Installation;
import dev.coffer.http.Json;
import dev.coffer.identity.Endpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * {@code <data-dir>/bootstrap.json}: the first administrator's credential and the endpoints to use it with.
 * Written once, readable only by its owner, never logged.
 */
final class BootstrapFile {

    private BootstrapFile() {
    }

    static void write(Path file, Installation.FirstStart first, Endpoints endpoints, Path caCertificate) {
        ObjectNode doc = Json.object();
        doc.put("tenantId", first.tenant().tenantId());
        doc.put("subscriptionId", first.subscription().subscriptionId());
        doc.put("clientId", first.administrator().appId());
        doc.put("clientSecret", first.secret().secretText().revealUtf8());
        doc.put("authorityHost", endpoints.serviceBase() + "/");
        doc.put("resourceManagerEndpoint", endpoints.serviceBase() + "/");
        doc.put("managementAudience", endpoints.managementAudience());
        doc.put("graphEndpoint", endpoints.serviceBase() + "/");
        doc.put("vaultDnsSuffix", endpoints.vaultDnsSuffix());
        doc.put("caCertificatePath", caCertificate == null ? null : caCertificate.toAbsolutePath().toString());
        try {
            byte[] bytes = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc);
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(file, bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
