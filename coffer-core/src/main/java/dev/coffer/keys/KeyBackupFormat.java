package dev.coffer.keys;

import dev.coffer.objects.BackupFormat;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * What a key backup keeps of each version beyond the shared {@link BackupFormat} attributes: tags, key metadata
 * and the PKCS#8 private key (absent for public-only imports). The whole is sealed by the barrier, which makes it
 * confidential, integrity-protected and restorable only in this installation and tenant.
 */
final class KeyBackupFormat implements BackupFormat.Layout<KeyBackupFormat.Payload> {

    private static final int MAGIC = 0x434b4231; // "CKB1"
    private static final int MAX_MAP_ENTRIES = 64;
    private static final int MAX_PRIVATE_BYTES = 16 * 1024;

    static final BackupFormat<Payload> FORMAT = new BackupFormat<>(MAGIC, "key-backup", new KeyBackupFormat());

    record Payload(Map<String, String> tags, Map<String, String> extra, byte[] privatePkcs8) {
    }

    private KeyBackupFormat() {
    }

    @Override
    public void write(DataOutputStream out, Payload p) throws IOException {
        BackupFormat.writeMap(out, p.tags());
        BackupFormat.writeMap(out, p.extra());
        if (p.privatePkcs8() == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(p.privatePkcs8().length);
            out.write(p.privatePkcs8());
        }
    }

    @Override
    public Payload read(DataInputStream in) throws IOException {
        Map<String, String> tags = BackupFormat.readMap(in, MAX_MAP_ENTRIES);
        Map<String, String> extra = BackupFormat.readMap(in, MAX_MAP_ENTRIES);
        int length = in.readInt();
        if (length < -1 || length > MAX_PRIVATE_BYTES) {
            throw BackupFormat.corrupt();
        }
        return new Payload(tags, extra, length < 0 ? null : in.readNBytes(length));
    }
}
