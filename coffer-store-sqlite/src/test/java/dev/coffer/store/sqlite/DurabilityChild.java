package dev.coffer.store.sqlite;

import dev.coffer.store.TenantRow;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Run in a child JVM by {@link SqliteStoreTest}: writes tenants from several threads forever and prints each
 * id only after {@code write} returned for it, i.e. after the store acknowledged it as durable. The test kills
 * this process with SIGKILL and checks that every printed id survived.
 */
public final class DurabilityChild {

    static final int WRITERS = 8;

    private DurabilityChild() {
    }

    public static void main(String[] args) {
        SqliteStore store = SqliteStore.open(Path.of(args[0]));
        System.out.println("ready");
        System.out.flush();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                pool.submit(() -> {
                    for (long i = 0; ; i++) {
                        String id = "acked-" + writer + "-" + i;
                        store.write(tx -> {
                            tx.putTenant(new TenantRow(id, "durability", 0));
                            return null;
                        });
                        synchronized (System.out) {
                            System.out.println(id);
                            System.out.flush();
                        }
                    }
                });
            }
        }
    }
}
