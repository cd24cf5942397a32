package dev.coffer.keys;

import dev.coffer.objects.BackupFormat;
import dev.coffer.objects.BackupFormatGolden;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Key backups already handed out must stay restorable: {@link #GOLDEN} was written by the layout as it stood
 * before the shared backup format was folded out of this class, and must neither change nor stop reading.
 */
class KeyBackupFormatTest {

    private static final String GOLDEN =
            "434b4231000b7369676e696e672d6b65790000000200203031323334353637383961626364656630"
            + "31323334353637383961626364656601000100000000713fb300000000006553f100000000006553"
            + "f164000000020003656e76000470726f6400056f776e65720007c3a971756970650000000200036b"
            + "7479000352534100076b65795f6f7073000b7369676e2c7665726966790000000430820102002066"
            + "656463626139383736353433323130666564636261393837363534333231300001000000006553f1"
            + "c800000000006553f1c8000000006553f22c000000000000000100036b747900024543ffffffff";

    @Test
    void writesTheSameBytesAsBefore() {
        BackupFormatGolden.assertWrites(KeyBackupFormat.FORMAT, sample(), GOLDEN);
    }

    @Test
    void readsABackupWrittenBefore() {
        BackupFormatGolden.assertReads(KeyBackupFormat.FORMAT, GOLDEN, sample());
    }

    private static BackupFormat.Contents<KeyBackupFormat.Payload> sample() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("env", "prod");
        tags.put("owner", "équipe");
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("kty", "RSA");
        extra.put("key_ops", "sign,verify");
        return new BackupFormat.Contents<>("signing-key", List.of(
                new BackupFormat.Version<>("0123456789abcdef0123456789abcdef", true, null, 1_900_000_000L,
                        1_700_000_000L, 1_700_000_100L,
                        new KeyBackupFormat.Payload(tags, extra, new byte[] {0x30, (byte) 0x82, 0x01, 0x02})),
                new BackupFormat.Version<>("fedcba9876543210fedcba9876543210", false, 1_700_000_200L, null,
                        1_700_000_200L, 1_700_000_300L,
                        new KeyBackupFormat.Payload(Map.of(), Map.of("kty", "EC"), null))));
    }
}
