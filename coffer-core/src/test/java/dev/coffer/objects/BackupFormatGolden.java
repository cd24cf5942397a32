package dev.coffer.objects;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;

/**
 * Checks a kind's backup layout against golden bytes written before: backups already handed out must neither
 * change nor stop reading.
 */
public final class BackupFormatGolden {

    private BackupFormatGolden() {
    }

    public static <P> void assertWrites(BackupFormat<P> format, BackupFormat.Contents<P> contents, String goldenHex) {
        assertThat(HexFormat.of().formatHex(format.write(contents))).isEqualTo(goldenHex);
    }

    public static <P> void assertReads(BackupFormat<P> format, String goldenHex, BackupFormat.Contents<P> expected) {
        BackupFormat.Contents<P> read = format.read(HexFormat.of().parseHex(goldenHex));
        assertThat(read.name()).isEqualTo(expected.name());
        assertThat(read.versions()).hasSameSizeAs(expected.versions());
        for (int i = 0; i < expected.versions().size(); i++) {
            assertThat(read.versions().get(i)).usingRecursiveComparison().isEqualTo(expected.versions().get(i));
        }
    }
}
