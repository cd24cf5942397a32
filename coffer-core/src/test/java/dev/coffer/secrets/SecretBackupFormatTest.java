package dev.coffer.secrets;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.error.BadRequest;
import dev.coffer.objects.BackupFormat;
import dev.coffer.objects.BackupFormatGolden;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Secret backups already handed out must stay restorable: {@link #GOLDEN} was written by the layout as it stood
 * before the shared backup format was folded out of this class, and must neither change nor stop reading.
 */
class SecretBackupFormatTest {

    private static final String GOLDEN =
            "43534231000b64622d70617373776f72640000000200203031323334353637383961626364656630"
            + "31323334353637383961626364656601000100000000713fb300000000006553f100000000006553"
            + "f16401000a746578742f706c61696e000000020003656e76000470726f6400056f776e65720007c3"
            + "a971756970650000000768756e746572320020666564636261393837363534333231306665646362"
            + "61393837363534333231300001000000006553f1c800000000006553f1c8000000006553f22c0000"
            + "00000000000000";

    @Test
    void writesTheSameBytesAsBefore() {
        BackupFormatGolden.assertWrites(SecretBackupFormat.FORMAT, sample(), GOLDEN);
    }

    @Test
    void readsABackupWrittenBefore() {
        BackupFormatGolden.assertReads(SecretBackupFormat.FORMAT, GOLDEN, sample());
    }

    @Test
    void aKeyBackupIsNotReadAsASecret() {
        byte[] keyBackup = HexFormat.of().parseHex("434b4231000b7369676e696e672d6b6579");
        assertThatThrownBy(() -> SecretBackupFormat.FORMAT.read(keyBackup)).isInstanceOf(BadRequest.class)
                .hasMessageContaining("malformed");
    }

    private static BackupFormat.Contents<SecretBackupFormat.Payload> sample() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("env", "prod");
        tags.put("owner", "équipe");
        return new BackupFormat.Contents<>("db-password", List.of(
                new BackupFormat.Version<>("0123456789abcdef0123456789abcdef", true, null, 1_900_000_000L,
                        1_700_000_000L, 1_700_000_100L,
                        new SecretBackupFormat.Payload("text/plain", tags,
                                "hunter2".getBytes(StandardCharsets.UTF_8))),
                new BackupFormat.Version<>("fedcba9876543210fedcba9876543210", false, 1_700_000_200L, null,
                        1_700_000_200L, 1_700_000_300L, new SecretBackupFormat.Payload(null, Map.of(), new byte[0]))));
    }
}
