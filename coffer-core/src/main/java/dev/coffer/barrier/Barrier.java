package dev.coffer.barrier;

import dev.coffer.crypto.SecretBytes;
import dev.coffer.store.KeyringRow;
import dev.coffer.store.Store;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Envelope encryption between the engines and the store. Values are sealed with AES-256-GCM under the
 * keyring's newest data key; the header names the key term so older terms stay readable after rotation.
 * Layout: 'C','B',1 | term (4 bytes) | nonce (12) | ciphertext+tag. The header and the object's identity are
 * authenticated.
 */
public final class Barrier {

    private static final byte FORMAT = 1;
    private static final int HEADER_BYTES = 7;

    private final Map<Integer, byte[]> dataKeys = new ConcurrentHashMap<>();
    private final SecureRandom random;
    private volatile int currentTerm;

    private Barrier(SecureRandom random) {
        this.random = random;
    }

    /** Loads the keyring from the store, creating the first term on a new installation. */
    public static Barrier open(Store store, RootKey rootKey, SecureRandom random, Clock clock) {
        Barrier barrier = new Barrier(random);
        List<KeyringRow> rows = store.read(tx -> tx.keyring());
        if (rows.isEmpty()) {
            byte[] dataKey = new byte[32];
            random.nextBytes(dataKey);
            KeyringRow first = new KeyringRow(1, rootKey.wrap(dataKey, termContext(1)), clock.instant().getEpochSecond());
            store.write(tx -> {
                tx.putKeyring(first);
                return null;
            });
            rows = List.of(first);
        }
        for (KeyringRow row : rows) {
            barrier.dataKeys.put(row.term(), rootKey.unwrap(row.wrappedKey(), termContext(row.term())));
        }
        barrier.currentTerm = rows.stream().max(Comparator.comparingInt(KeyringRow::term)).orElseThrow().term();
        return barrier;
    }

    private static byte[] termContext(int term) {
        return ("coffer-keyring-term-" + term).getBytes(StandardCharsets.UTF_8);
    }

    public byte[] seal(SecretBytes plaintext, ObjectIdentity identity) {
        int term = currentTerm;
        byte[] header = ByteBuffer.allocate(HEADER_BYTES).put((byte) 'C').put((byte) 'B').put(FORMAT).putInt(term).array();
        byte[] clear = plaintext.reveal();
        try {
            return AesGcm.seal(dataKeys.get(term), clear, identity.associatedData(), random, header);
        } finally {
            java.util.Arrays.fill(clear, (byte) 0);
        }
    }

    public SecretBytes open(byte[] sealed, ObjectIdentity identity) {
        if (sealed == null || sealed.length < HEADER_BYTES || sealed[0] != 'C' || sealed[1] != 'B' || sealed[2] != FORMAT) {
            throw new BarrierException("sealed value has an unknown format");
        }
        int term = ByteBuffer.wrap(sealed, 3, 4).getInt();
        byte[] key = dataKeys.get(term);
        if (key == null) {
            throw new BarrierException("sealed value names an unknown key term");
        }
        return SecretBytes.wrap(AesGcm.open(key, sealed, HEADER_BYTES, identity.associatedData()));
    }
}
