package dev.coffer.keys;

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
 * The plaintext layout inside a key backup: every version's attributes, tags, key metadata and PKCS#8 private
 * key (absent for public-only imports). The whole is sealed by the barrier, which makes it confidential,
 * integrity-protected and restorable only in this installation and tenant. Versioned by its magic number.
 */
final class KeyBackupFormat {

    private static final int MAGIC = 0x434b4231; // "CKB1"
    private static final int MAX_VERSIONS = 100_000;
    private static final int MAX_MAP_ENTRIES = 64;
    private static final int MAX_PRIVATE_BYTES = 16 * 1024;

    record Version(String version, boolean enabled, Long notBefore, Long expires, long created, long updated,
                   Map<String, String> tags, Map<String, String> extra, byte[] privatePkcs8) {
    }

    record Contents(String name, List<Version> versions) {
    }

    private KeyBackupFormat() {
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
                writeMap(out, v.tags());
                writeMap(out, v.extra());
                if (v.privatePkcs8() == null) {
                    out.writeInt(-1);
                } else {
                    out.writeInt(v.privatePkcs8().length);
                    out.write(v.privatePkcs8());
                }
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
                Map<String, String> tags = readMap(in);
                Map<String, String> extra = readMap(in);
                int length = in.readInt();
                if (length < -1 || length > MAX_PRIVATE_BYTES) {
                    throw corrupt();
                }
                byte[] pkcs8 = length < 0 ? null : in.readNBytes(length);
                versions.add(new Version(version, enabled, nbf, exp, created, updated, tags, extra, pkcs8));
            }
            return new Contents(name, versions);
        } catch (IOException e) {
            throw corrupt();
        }
    }

    private static void writeMap(DataOutputStream out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue() == null ? "" : e.getValue());
        }
    }

    private static Map<String, String> readMap(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > MAX_MAP_ENTRIES) {
            throw corrupt();
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            map.put(in.readUTF(), in.readUTF());
        }
        return map;
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
