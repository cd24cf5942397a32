package dev.coffer.barrier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

/**
 * A 256-bit root key kept in a file readable only by its owner. Created on first start; a later start
 * refuses to run if the file is missing while data exists (handled by the caller) or is malformed.
 */
public final class FileRootKey implements RootKey {

    private static final int KEY_BYTES = 32;
    private static final byte[] PREFIX = {'C', 'R', 'K', 1};

    private final byte[] key;
    private final SecureRandom random;

    private FileRootKey(byte[] key, SecureRandom random) {
        this.key = key;
        this.random = random;
    }

    public static FileRootKey loadOrCreate(Path file, SecureRandom random) {
        try {
            if (Files.exists(file)) {
                byte[] bytes = Files.readAllBytes(file);
                if (bytes.length != KEY_BYTES) {
                    throw new IllegalStateException("root key file " + file + " is malformed");
                }
                return new FileRootKey(bytes, random);
            }
            byte[] fresh = new byte[KEY_BYTES];
            random.nextBytes(fresh);
            writeOwnerOnly(file, fresh);
            return new FileRootKey(fresh, random);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the root key file " + file, e);
        }
    }

    static void writeOwnerOnly(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("refusing to overwrite " + file, e);
        }
        Files.write(file, bytes, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        if (Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(file, Set.copyOf(PosixFilePermissions.fromString("rw-------")));
        }
    }

    @Override
    public byte[] wrap(byte[] dataKey, byte[] context) {
        return AesGcm.seal(key, dataKey, context, random, PREFIX);
    }

    @Override
    public byte[] unwrap(byte[] wrappedKey, byte[] context) {
        if (wrappedKey.length < PREFIX.length || !java.util.Arrays.equals(wrappedKey, 0, PREFIX.length, PREFIX, 0,
                PREFIX.length)) {
            throw new BarrierException("wrapped key has an unknown format");
        }
        return AesGcm.open(key, wrappedKey, PREFIX.length, context);
    }
}
