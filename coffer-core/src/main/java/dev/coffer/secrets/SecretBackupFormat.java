package dev.coffer.secrets;

import dev.coffer.objects.BackupFormat;
import dev.coffer.objects.Tags;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * What a secret backup keeps of each version beyond the shared {@link BackupFormat} attributes: content type,
 * tags and the value. The whole is sealed by the barrier, which makes it confidential, integrity-protected and
 * restorable only in this installation and tenant.
 */
final class SecretBackupFormat implements BackupFormat.Layout<SecretBackupFormat.Payload> {

    private static final int MAGIC = 0x43534231; // "CSB1"

    static final BackupFormat<Payload> FORMAT = new BackupFormat<>(MAGIC, "secret-backup", new SecretBackupFormat());

    record Payload(String contentType, Map<String, String> tags, byte[] value) {
    }

    private SecretBackupFormat() {
    }

    @Override
    public void write(DataOutputStream out, Payload p) throws IOException {
        out.writeBoolean(p.contentType() != null);
        if (p.contentType() != null) {
            out.writeUTF(p.contentType());
        }
        BackupFormat.writeMap(out, p.tags());
        out.writeInt(p.value().length);
        out.write(p.value());
    }

    @Override
    public Payload read(DataInputStream in) throws IOException {
        String contentType = in.readBoolean() ? in.readUTF() : null;
        Map<String, String> tags = BackupFormat.readMap(in, Tags.MAX_TAGS);
        int length = in.readInt();
        if (length < 0 || length > SecretLimits.MAX_VALUE_BYTES) {
            throw BackupFormat.corrupt();
        }
        return new Payload(contentType, tags, in.readNBytes(length));
    }
}
