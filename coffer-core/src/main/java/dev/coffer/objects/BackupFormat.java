package dev.coffer.objects;

import dev.coffer.barrier.Barrier;
import dev.coffer.barrier.BarrierException;
import dev.coffer.barrier.ObjectIdentity;
import dev.coffer.crypto.SecretBytes;
import dev.coffer.error.BadRequest;
import dev.coffer.store.ObjectVersionRow;
import dev.coffer.store.VaultRow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A backup blob, the same for every kind of versioned object: a plaintext layout of the kind's magic number
 * (which also versions the layout), the name, then each version's attributes followed by what the kind keeps of
 * it ({@link Layout}); the whole sealed by the barrier under the tenant and the kind's backup purpose, which
 * makes it confidential, integrity-protected and restorable only in this installation and tenant. Changing a
 * byte here breaks backups already handed out: a new layout needs a new magic number and a reader for the old
 * one.
 */
public final class BackupFormat<P> {

    private static final int MAX_VERSIONS = 100_000;

    /** How one kind writes and reads what it keeps of a version, after the shared attributes. */
    public interface Layout<P> {
        void write(DataOutputStream out, P payload) throws IOException;

        /** Throws {@link BackupFormat#corrupt()} for anything out of bounds. */
        P read(DataInputStream in) throws IOException;
    }

    public record Version<P>(String version, boolean enabled, Long notBefore, Long expires, long created,
                             long updated, P payload) {

        /** A stored version's attributes with the kind's payload. */
        public static <P> Version<P> of(ObjectVersionRow row, P payload) {
            return new Version<>(row.version(), row.enabled(), row.notBefore(), row.expires(), row.created(),
                    row.updated(), payload);
        }
    }

    public record Contents<P>(String name, List<Version<P>> versions) {
    }

    private final int magic;
    private final String purpose;
    private final Layout<P> payload;

    /** @param purpose the barrier identity's kind for this kind's backups ("secret-backup", "key-backup") */
    public BackupFormat(int magic, String purpose, Layout<P> payload) {
        this.magic = magic;
        this.purpose = purpose;
        this.payload = payload;
    }

    /** The blob handed to the client. */
    public byte[] seal(Barrier barrier, VaultRow vault, Contents<P> contents) {
        SecretBytes plain = SecretBytes.wrap(write(contents));
        try {
            return barrier.seal(plain, identity(vault));
        } finally {
            plain.destroy();
        }
    }

    /** A blob made by {@link #seal} in this installation and tenant; anything else is {@link #corrupt()}. */
    public Contents<P> open(Barrier barrier, VaultRow vault, byte[] blob) {
        SecretBytes plain;
        try {
            plain = barrier.open(blob, identity(vault));
        } catch (BarrierException e) {
            throw corrupt();
        }
        byte[] bytes = plain.reveal();
        try {
            return read(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
            plain.destroy();
        }
    }

    // Bound to the tenant only, not the vault: a backup restores into any vault of the same tenant.
    private ObjectIdentity identity(VaultRow vault) {
        return new ObjectIdentity(vault.tenantId(), "", purpose, "", "");
    }

    public byte[] write(Contents<P> contents) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
             DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            out.writeUTF(contents.name());
            out.writeInt(contents.versions().size());
            for (Version<P> v : contents.versions()) {
                out.writeUTF(v.version());
                out.writeBoolean(v.enabled());
                writeNullableLong(out, v.notBefore());
                writeNullableLong(out, v.expires());
                out.writeLong(v.created());
                out.writeLong(v.updated());
                payload.write(out, v.payload());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
    }

    /** Reads a blob of this kind; anything else, or anything truncated or out of bounds, is {@link #corrupt()}. */
    public Contents<P> read(byte[] plain) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain))) {
            if (in.readInt() != magic) {
                throw corrupt();
            }
            String name = in.readUTF();
            int count = in.readInt();
            if (count < 1 || count > MAX_VERSIONS) {
                throw corrupt();
            }
            List<Version<P>> versions = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String version = in.readUTF();
                boolean enabled = in.readBoolean();
                Long nbf = readNullableLong(in);
                Long exp = readNullableLong(in);
                long created = in.readLong();
                long updated = in.readLong();
                versions.add(new Version<>(version, enabled, nbf, exp, created, updated, payload.read(in)));
            }
            return new Contents<>(name, versions);
        } catch (IOException e) {
            throw corrupt();
        }
    }

    /** A string map (tags and the like); a null value is written as the empty string. */
    public static void writeMap(DataOutputStream out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue() == null ? "" : e.getValue());
        }
    }

    public static Map<String, String> readMap(DataInputStream in, int maxEntries) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > maxEntries) {
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

    public static BadRequest corrupt() {
        return new BadRequest("BadParameter", "The backup blob is malformed or was not made by this installation.");
    }
}
