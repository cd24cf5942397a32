package dev.coffer.barrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRootKeyTest {

    @TempDir
    Path dir;

    @Test
    void keyFileIsOwnerOnlyAndWrappedKeysOpenOnlyWithTheirContext() throws Exception {
        Path file = dir.resolve("root.key");
        FileRootKey key = FileRootKey.loadOrCreate(file, new SecureRandom());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        byte[] wrapped = key.wrap(new byte[] {1, 2, 3}, "ctx-a".getBytes());
        FileRootKey reloaded = FileRootKey.loadOrCreate(file, new SecureRandom());
        assertThat(reloaded.unwrap(wrapped, "ctx-a".getBytes())).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> reloaded.unwrap(wrapped, "ctx-b".getBytes())).isInstanceOf(BarrierException.class);
        wrapped[wrapped.length - 1] ^= 1;
        assertThatThrownBy(() -> reloaded.unwrap(wrapped, "ctx-a".getBytes())).isInstanceOf(BarrierException.class);
        FileRootKey other = FileRootKey.loadOrCreate(dir.resolve("other.key"), new SecureRandom());
        assertThatThrownBy(() -> other.unwrap(key.wrap(new byte[] {9}, "c".getBytes()), "c".getBytes()))
                .isInstanceOf(BarrierException.class);
    }

    @Test
    void malformedKeyFileRefusesToLoad() throws Exception {
        Path file = dir.resolve("bad.key");
        Files.write(file, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> FileRootKey.loadOrCreate(file, new SecureRandom()))
                .isInstanceOf(IllegalStateException.class);
    }
}
