package dev.coffer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Java load client against a running {@link LoadFixture} (reads its info file): durable secret SETs from N
 * virtual-thread workers over keep-alive HTTPS (JDK {@code java.net.http}, HTTP/1.1).
 *
 * <pre>
 * LoadClient set  --info FILE [--workers 16] [--seconds 15] [--warmup 3]
 *     each worker PUTs new secrets (distinct names, 100-byte values) for warmup + seconds; reports the
 *     requests completed inside the measured window: SETs/s, latency percentiles, non-200 answers.
 * LoadClient fill --info FILE [--count 100000] [--workers 16] [--timeout 900]
 *     PUTs COUNT distinct secrets into the vault (then read the fixture's /heap).
 * </pre>
 */
public final class LoadClient {

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: LoadClient set|fill --info FILE [options]");
        }
        String mode = args[0];
        Path info = null;
        int workers = 16;
        int seconds = 15;
        int warmup = 3;
        int count = 100_000;
        int timeout = 900;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--info" -> info = Path.of(args[++i]);
                case "--workers" -> workers = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--count" -> count = Integer.parseInt(args[++i]);
                case "--timeout" -> timeout = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (info == null) {
            throw new IllegalArgumentException("--info FILE is required");
        }
        JsonNode fixture = BenchHttp.readJson(info);
        BenchHttp http = new BenchHttp(Path.of(fixture.get("caPath").asText()));
        Target target = new Target(http, fixture.get("vaultUrl").asText(), fixture.get("dataToken").asText(),
                "{\"value\":\"" + "v".repeat(fixture.get("valueBytes").asInt()) + "\"}");
        switch (mode) {
            case "set" -> set(target, workers, warmup, seconds);
            case "fill" -> fill(target, workers, count, timeout);
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
        System.exit(0);
    }

    private record Target(BenchHttp http, String vaultUrl, String token, String body) {
        /** One secret SET; returns the status code (-1 for an I/O failure). */
        int put(String name) {
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(vaultUrl + "/secrets/" + name + "?"
                                + LoadFixture.API)).timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
                return http.client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                return -1;
            }
        }
    }

    private static void set(Target target, int workers, int warmupSeconds, int seconds) throws Exception {
        long start = System.nanoTime();
        long measureFrom = start + warmupSeconds * 1_000_000_000L;
        long end = measureFrom + seconds * 1_000_000_000L;
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        ConcurrentHashMap<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        List<long[]> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        int[] counts = new int[workers];
        for (int w = 0; w < workers; w++) {
            long[] mine = new long[4_000_000 / workers];
            latencies.add(mine);
            int id = w;
            threads.add(Thread.ofVirtual().start(() -> {
                int n = 0;
                int recorded = 0;
                while (true) {
                    long t = System.nanoTime();
                    if (t >= end) {
                        break;
                    }
                    int status = target.put("set-" + id + "-" + n++);
                    long done = System.nanoTime();
                    if (done >= measureFrom && done <= end) { // completed inside the measured window
                        if (status == 200) {
                            ok.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                        }
                        if (recorded < mine.length) {
                            mine[recorded++] = done - t;
                        }
                    }
                }
                counts[id] = recorded;
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        long[] all = new long[Arrays.stream(counts).sum()];
        int at = 0;
        for (int w = 0; w < workers; w++) {
            System.arraycopy(latencies.get(w), 0, all, at, counts[w]);
            at += counts[w];
        }
        Arrays.sort(all);
        double rate = ok.get() / (double) seconds;
        System.out.printf("SET workers=%d window=%ds ok=%d non200=%d %s%n", workers, seconds, ok.get(), failed.get(),
                statuses.isEmpty() ? "" : "statuses=" + statuses);
        System.out.printf("RESULT set_per_s=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f non200=%d%n", rate,
                ms(all, 0.50), ms(all, 0.90), ms(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6,
                failed.get());
    }

    private static double ms(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    private static void fill(Target target, int workers, int count, int timeoutSeconds) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicLong failed = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        long start = System.nanoTime();
        long deadline = start + timeoutSeconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            threads.add(Thread.ofVirtual().start(() -> {
                int i;
                while (!stop.get() && (i = next.getAndIncrement()) < count) {
                    if (System.nanoTime() > deadline) {
                        stop.set(true);
                        break;
                    }
                    int status = target.put(String.format("fill-%06d", i));
                    if (status != 200) {
                        failed.incrementAndGet();
                    }
                    int d = done.incrementAndGet();
                    if (d % 10_000 == 0) {
                        System.out.printf("  %d secrets in %.1f s%n", d, (System.nanoTime() - start) / 1e9);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("RESULT fill_count=%d fill_failed=%d fill_seconds=%.1f fill_per_s=%.0f timed_out=%s%n",
                done.get(), failed.get(), seconds, done.get() / seconds, stop.get());
    }
}
