package dev.coffer.auditlog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of one audit log directory, oldest first: rotated files named after the sequence number of their
 * first record ({@code audit-00000000000000000001.log}), then the live {@code audit.log}.
 */
public final class LogFiles {

    public static final String LIVE = "audit.log";
    private static final Pattern ROTATED = Pattern.compile("audit-(\\d{20})\\.log");

    private LogFiles() {
    }

    static String rotatedName(long firstSeq) {
        return String.format("audit-%020d.log", firstSeq);
    }

    /** Rotated files, oldest first. */
    public static List<Path> rotated(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> ROTATED.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
    }

    /** Every file of the log in chain order (rotated ones, then the live one when it exists). */
    public static List<Path> all(Path dir) throws IOException {
        List<Path> files = new ArrayList<>(rotated(dir));
        Path live = dir.resolve(LIVE);
        if (Files.exists(live)) {
            files.add(live);
        }
        return files;
    }

    static long firstSeqOf(Path rotatedFile) {
        Matcher m = ROTATED.matcher(rotatedFile.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Calls {@code each} with every complete line of {@code file} (a torn last line without newline is skipped). */
    public static void forEachLine(Path file, Consumer<String> each) throws IOException {
        long size = Files.size(file);
        long complete = completeLength(file, size);
        long read = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                read += line.getBytes(StandardCharsets.UTF_8).length + 1;
                if (read > complete) {
                    return;
                }
                each.accept(line);
            }
        }
    }

    /** The length of the file up to and including its last newline. */
    static long completeLength(Path file, long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long pos = size - 1;
            byte[] buf = new byte[8192];
            while (pos >= 0) {
                int n = (int) Math.min(buf.length, pos + 1);
                f.seek(pos - n + 1);
                f.readFully(buf, 0, n);
                for (int i = n - 1; i >= 0; i--) {
                    if (buf[i] == '\n') {
                        return pos - (n - 1 - i) + 1;
                    }
                }
                pos -= n;
            }
            return 0;
        }
    }

    /** The last complete line of a file, or null. */
    static String lastLine(Path file) throws IOException {
        String[] last = new String[1];
        forEachLine(file, l -> last[0] = l);
        return last[0];
    }
}
