package io.gonogo.collect.importers.internal;

import io.gonogo.core.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the binary {@code simulation.log} of Gatling 3.13.0 to 3.15.1, the layout that Gatling's
 * {@code LogFileDataWriter} writes and its {@code LogFileReader} reads in those versions.
 *
 * <p>Numbers are big-endian ({@link DataInputStream}). A string is an int length, then that many
 * bytes of Java's internal string value, then a coder byte: 0 is Latin-1, 1 is UTF-16 in the
 * writing machine's byte order (little-endian on the x86-64 and AArch64 machines Gatling runs on);
 * the empty string is a length of 0 with no bytes and no coder. A cached string is an int: a
 * positive id followed by the string the first time, minus that id afterwards.
 *
 * <p>Records, each opened by its type byte:
 *
 * <ul>
 *   <li>0, run (first and once): Gatling version, simulation class, start (long, epoch ms), run
 *       description, the scenarios (int count, strings), the assertions (int count, each an int
 *       length and that many bytes of Gatling's own serialisation, skipped here)
 *   <li>1, request: group path (int count, cached strings), name (cached), start and end (int ms
 *       after the run's start), OK (boolean byte), message (cached)
 *   <li>2, user: scenario index (int), start or end (boolean), time (int ms after the start)
 *   <li>3, group (one pass of a user through a group, written when it leaves it): group path (as a
 *       request's), start and end (int ms after the run's start), cumulated response time (int ms),
 *       OK (boolean)
 *   <li>4, error: message (cached), time (int ms after the start)
 * </ul>
 */
final class GatlingBinaryLog {
    /** The first and last Gatling release whose binary log this class reads. */
    static final String FIRST = "3.13.0";

    static final String LAST = "3.15.1";

    /** What the importer says it reads, for messages. */
    static final String READS =
            "the binary simulation.log of Gatling "
                    + FIRST
                    + " to "
                    + LAST
                    + " or the text log of Gatling 3.0 to 3.12";

    private static final Pattern RELEASE = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");
    private static final int MAX_STRING = 1 << 20;
    private static final int MAX_COUNT = 1 << 16;

    private static final byte RUN = 0;
    private static final byte REQUEST = 1;
    private static final byte USER = 2;
    private static final byte GROUP = 3;
    private static final byte ERROR = 4;

    /** What the log gave beside the requests. */
    record Run(String version, String simulation, int assertions) {}

    private final Path file;
    private final CountingInput counter;
    private final DataInputStream in;
    private final Map<Integer, String> cache = new HashMap<>();
    private long recordStart;
    private long records = 1;

    private GatlingBinaryLog(Path file, InputStream raw) {
        this.file = file;
        this.counter = new CountingInput(new BufferedInputStream(raw, 1 << 16));
        this.in = new DataInputStream(counter);
    }

    /** Whether {@code head} (the file's first bytes as text) opens a binary run record. */
    static boolean looksBinary(String head) {
        if (head.length() < 8 || head.charAt(0) != '\0') {
            return false;
        }
        int len = 0;
        for (int i = 1; i <= 4; i++) {
            len = (len << 8) | head.charAt(i);
        }
        return len >= 3
                && len <= 40
                && head.length() >= 5 + len
                && head.substring(5, 5 + len).matches("\\d+\\.\\d+[0-9A-Za-z.\\-]*");
    }

    /**
     * Adds every request of the log {@code file} to {@code stats}, every group to {@code groups}.
     */
    static Run read(Path file, RequestStats stats, GatlingGroupStats groups) {
        try (InputStream raw = Files.newInputStream(file)) {
            return new GatlingBinaryLog(file, raw).readAll(stats, groups);
        } catch (EOFException e) {
            throw InvalidInputException.of(
                    file.toString(), "the binary log is cut short (cannot read its RUN record)");
        } catch (IOException e) {
            throw InvalidInputException.of(
                    file.toString(), "cannot read the file: " + e.getMessage(), e);
        }
    }

    private Run readAll(RequestStats stats, GatlingGroupStats groupStats) throws IOException {
        int first = in.read();
        if (first < 0) {
            throw damaged("the file is empty; expected Gatling's RUN record");
        }
        if (first != RUN) {
            throw damaged("the first byte is " + first + "; expected 0, Gatling's RUN record");
        }
        String version = string();
        checkVersion(version);
        String simulation = string();
        long runStart = in.readLong();
        string(); // run description
        int scenarios = count("scenarios");
        for (int i = 0; i < scenarios; i++) {
            string();
        }
        int assertions = count("assertions");
        for (int i = 0; i < assertions; i++) {
            int len = length();
            in.skipNBytes(len);
        }
        while (true) {
            recordStart = counter.position;
            int type = in.read();
            if (type < 0) {
                break;
            }
            records++;
            try {
                switch (type) {
                    case REQUEST -> request(runStart, stats);
                    case USER -> {
                        in.readInt();
                        in.readBoolean();
                        in.readInt();
                    }
                    case GROUP -> group(groupStats);
                    case ERROR -> {
                        cached();
                        in.readInt();
                    }
                    default ->
                            throw damaged(
                                    "unknown record type "
                                            + type
                                            + "; expected 1 (request), 2 (user), 3 (group) or 4"
                                            + " (error)");
                }
            } catch (EOFException e) {
                throw damaged("the log is cut short inside this record");
            }
        }
        return new Run(version, simulation, assertions);
    }

    private void request(long runStart, RequestStats stats) throws IOException {
        List<String> groups = groups();
        String name = cached();
        int start = in.readInt();
        int end = in.readInt();
        boolean ok = in.readBoolean();
        cached(); // message
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("operation", name);
        if (!groups.isEmpty()) {
            labels.put("group", String.join(" / ", groups));
        }
        stats.add(labels, runStart + start, (long) end - start, ok);
    }

    private void group(GatlingGroupStats groupStats) throws IOException {
        List<String> path = groups();
        int start = in.readInt();
        int end = in.readInt();
        int cumulated = in.readInt();
        boolean ok = in.readBoolean();
        if (path.isEmpty()) {
            throw damaged("a group record names no group");
        }
        groupStats.add(path, (long) end - start, cumulated, ok);
    }

    private List<String> groups() throws IOException {
        int n = count("groups");
        String[] g = new String[n];
        for (int i = 0; i < n; i++) {
            g[i] = cached();
        }
        return List.of(g);
    }

    /** Refuses a log of a version whose layout this class was not checked against. */
    private void checkVersion(String version) {
        if (!known(version)) {
            throw InvalidInputException.of(
                    file.toString(),
                    "written by Gatling " + abbreviate(version) + "; gonogo reads " + READS);
        }
    }

    /** Whether {@code version} is a release from {@link #FIRST} to {@link #LAST}. */
    static boolean known(String version) {
        Matcher m = RELEASE.matcher(version);
        if (!m.matches()) {
            return false;
        }
        long v = order(m);
        Matcher lo = RELEASE.matcher(FIRST);
        Matcher hi = RELEASE.matcher(LAST);
        return lo.matches() && hi.matches() && v >= order(lo) && v <= order(hi);
    }

    private static long order(Matcher m) {
        return Long.parseLong(m.group(1)) * 1_000_000
                + Long.parseLong(m.group(2)) * 1_000
                + Long.parseLong(m.group(3));
    }

    private int count(String what) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_COUNT) {
            throw damaged("a count of " + what + " is " + n + " (is the file damaged?)");
        }
        return n;
    }

    private int length() throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_STRING) {
            throw damaged("a string or field length is " + n + " (is the file damaged?)");
        }
        return n;
    }

    private String string() throws IOException {
        int len = length();
        if (len == 0) {
            return "";
        }
        byte[] value = in.readNBytes(len);
        if (value.length < len) {
            throw new EOFException();
        }
        int coder = in.readByte();
        String s =
                switch (coder) {
                    case 0 -> new String(value, StandardCharsets.ISO_8859_1);
                    case 1 -> new String(value, StandardCharsets.UTF_16LE);
                    default ->
                            throw damaged(
                                    "a string's coder byte is "
                                            + coder
                                            + "; expected 0 (Latin-1) or 1 (UTF-16)");
                };
        // as Gatling's reader does, so names match its report
        return s.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
    }

    private String cached() throws IOException {
        int id = in.readInt();
        if (id >= 0) {
            String s = string();
            cache.put(id, s);
            return s;
        }
        String s = cache.get(-id);
        if (s == null) {
            throw damaged("a cached string refers to id " + -id + ", which no record defined");
        }
        return s;
    }

    private InvalidInputException damaged(String what) {
        return InvalidInputException.of(
                file.toString(), "record " + records + " (at byte " + recordStart + "): " + what);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 39) + "…";
    }

    /** Counts the bytes read, for messages. */
    private static final class CountingInput extends java.io.FilterInputStream {
        long position;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                position++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                position += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long k = super.skip(n);
            position += k;
            return k;
        }
    }
}
