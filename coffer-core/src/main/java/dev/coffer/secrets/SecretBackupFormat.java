package dev.coffer.secrets;

import dev.coffer.error.BadRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plaintext layout inside a secret backup (the whole is then sealed by the barrier, which makes it
 * confidential, integrity-protected and restorable only in this installation and tenant). Versioned so a
 * later layout can still read this one.
 */
final class SecretBackupFormat {

    private static final int MAGIC = 0x43534231; // "CSB1"
    private static final int MAX_VERSIONS = 100_000;

    record Version(String version, boolean enabled, Long notBefore, Long expires, long created, long updated,
                   String contentType, Map<String, String> tags, byte[] value) {
    }

    record Contents(String name, List<Version> versions) {
    }

    private SecretBackupFormat() {
    }

    static byte[] write(Contents contents) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
             DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeUTF(contents.name());
            out.writeInt(contents.versions().size());
            for (Version v : contents.versions()) {
                out.writeUTF(v.version());
                out.writeBoolean(v.enabled());
                writeNullableLong(out, v.notBefore());
                writeNullableLong(out, v.expires());
                out.writeLong(v.created());
                out.writeLong(v.updated());
                out.writeBoolean(v.contentType() != null);
                if (v.contentType() != null) {
                    out.writeUTF(v.contentType());
                }
                out.writeInt(v.tags().size());
                for (Map.Entry<String, String> t : v.tags().entrySet()) {
                    out.writeUTF(t.getKey());
                    out.writeUTF(t.getValue() == null ? "" : t.getValue());
                }
                out.writeInt(v.value().length);
                out.write(v.value());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
    }

    static Contents read(byte[] plain) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain))) {
            if (in.readInt() != MAGIC) {
                throw corrupt();
            }
            String name = in.readUTF();
            int count = in.readInt();
            if (count < 1 || count > MAX_VERSIONS) {
                throw corrupt();
            }
            List<Version> versions = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String version = in.readUTF();
                boolean enabled = in.readBoolean();
                Long nbf = readNullableLong(in);
                Long exp = readNullableLong(in);
                long created = in.readLong();
                long updated = in.readLong();
                String contentType = in.readBoolean() ? in.readUTF() : null;
                int tagCount = in.readInt();
                if (tagCount < 0 || tagCount > SecretLimits.MAX_TAGS) {
                    throw corrupt();
                }
                Map<String, String> tags = new LinkedHashMap<>();
                for (int t = 0; t < tagCount; t++) {
                    tags.put(in.readUTF(), in.readUTF());
                }
                int length = in.readInt();
                if (length < 0 || length > SecretLimits.MAX_VALUE_BYTES) {
                    throw corrupt();
                }
                versions.add(new Version(version, enabled, nbf, exp, created, updated, contentType, tags,
                        in.readNBytes(length)));
            }
            return new Contents(name, versions);
        } catch (IOException e) {
            throw corrupt();
        }
    }

    private static void writeNullableLong(DataOutputStream out, Long value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value);
        }
    }

    private static Long readNullableLong(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readLong() : null;
    }

    static BadRequest corrupt() {
        return new BadRequest("BadParameter", "The backup blob is malformed or was not made by this installation.");
    }
}
