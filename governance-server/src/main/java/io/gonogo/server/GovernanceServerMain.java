package io.gonogo.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the governance server as a process: {@code java io.gonogo.server.GovernanceServerMain
 * [options]}.
 *
 * <p>Once bound, it prints exactly one line on stdout, for a parent process to read:
 *
 * <pre>gonogo-governance-server ready http=127.0.0.1:PORT grpc=127.0.0.1:PORT token=TOKEN</pre>
 *
 * <p>({@code grpc=none} with {@code --grpc-port none}; the {@code token=} part, always last, only
 * when the token was generated rather than given)
 *
 * <p>The operator token is given in the environment variable {@value #TOKEN_ENV} or in a file named
 * by {@code --token-file}, so that it does not show in the process list; {@code --token T} still
 * works, with a warning on stderr, since any local user can read a command line.
 *
 * <p>and then serves until SIGTERM, or until its stdin reaches end of file when started with {@code
 * --exit-on-stdin-eof}, so that a parent that dies leaves no orphan. Diagnostics go to stderr. Exit
 * codes: 0 after a clean stop or {@code --help}, 2 for invalid options, 4 if the server cannot
 * start.
 */
public final class GovernanceServerMain {

    static final String NAME = "gonogo-governance-server";

    /** The environment variable that gives the operator token. */
    public static final String TOKEN_ENV = "GONOGO_GOVERNANCE_TOKEN";

    /** Exit code after a clean stop or {@code --help}. */
    static final int EXIT_OK = 0;

    /** Exit code for invalid options: the user's mistake. */
    static final int EXIT_INVALID_INPUT = 2;

    /** Exit code when the server cannot start, for example because its port is taken. */
    static final int EXIT_EXECUTION_FAILURE = 4;

    static final String USAGE =
            String.join(
                    System.lineSeparator(),
                    "Usage: " + NAME + " [options]",
                    "  --http-port N         HTTP port, 0..65535; 0 (default) picks a free port",
                    "  --grpc-port N|none    gRPC port, 0..65535; 0 (default) picks a free port,",
                    "                        none serves no gRPC",
                    "  --data-dir DIR        directory for the server's data; created if missing",
                    "  --host H              host or address to bind; default 127.0.0.1",
                    "  --token-file FILE     read the operator token for mutating calls from FILE;",
                    "                        or set it in the environment variable "
                            + TOKEN_ENV
                            + ";",
                    "                        default: random, printed as token=T at the end of",
                    "                        the ready line",
                    "  --token T             the token on the command line, where ps shows it to",
                    "                        every local user; prefer the two above",
                    "  --max-in-flight N     admitted requests at once, past which 503; default"
                            + " 256",
                    "  --exit-on-stdin-eof   stop when stdin reaches end of file",
                    "  --help                print this help and exit",
                    "Prints '"
                            + NAME
                            + " ready http=HOST:PORT grpc=HOST:PORT[ token=T]' on stdout"
                            + " once serving.");

    private GovernanceServerMain() {}

    /**
     * Starts the server with command-line options and serves until told to stop.
     *
     * @param args the options; {@code --help} lists them
     */
    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /**
     * Parses options, starts the server and blocks until stdin ends (with {@code
     * --exit-on-stdin-eof}) or the JVM shuts down; returns the exit code.
     */
    static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        return run(args, System.getenv(), stdin, out, err);
    }

    /**
     * As {@link #run(String[], InputStream, PrintStream, PrintStream)}, with environment {@code
     * env}.
     */
    static int run(
            String[] args,
            Map<String, String> env,
            InputStream stdin,
            PrintStream out,
            PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
            if (!options.help) {
                options.resolveToken(env, err);
            }
        } catch (UsageException e) {
            err.println(NAME + ": " + e.getMessage() + " (see --help)");
            err.flush();
            return EXIT_INVALID_INPUT;
        }
        if (options.help) {
            out.println(USAGE);
            out.flush();
            return EXIT_OK;
        }

        GovernanceServer server;
        try {
            server = start(options);
        } catch (UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            err.println(NAME + ": cannot start: " + e.getMessage());
            err.flush();
            return EXIT_EXECUTION_FAILURE;
        }
        return serve(server, options, stdin, out, err);
    }

    /** The server {@code options} configure, started. */
    private static GovernanceServer start(Options options) {
        GovernanceServer.Builder builder =
                GovernanceServer.builder().host(options.host).httpPort(options.httpPort);
        if (options.dataDir != null) {
            builder.dataDir(options.dataDir);
        }
        if (options.grpcPort >= 0) {
            builder.grpcPort(options.grpcPort);
        }
        if (options.maxInFlight > 0) {
            builder.maxInFlight(options.maxInFlight);
        }
        if (options.token != null) {
            builder.operatorToken(options.token);
        }
        GovernanceServer server = builder.build();
        server.start();
        return server;
    }

    /**
     * Announces the started {@code server} and serves until stdin ends (with {@code
     * --exit-on-stdin-eof}) or the JVM shuts down; returns the exit code.
     */
    private static int serve(
            GovernanceServer server,
            Options options,
            InputStream stdin,
            PrintStream out,
            PrintStream err) {
        Thread shutdownHook =
                new Thread(
                        () -> {
                            server.stop();
                            err.println(NAME + ": stopped on JVM shutdown");
                            err.flush();
                        },
                        NAME + "-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);

        err.println(NAME + ": started " + server);
        err.flush();
        out.println(
                NAME
                        + " ready http="
                        + server.httpBaseUri().getRawAuthority()
                        + " grpc="
                        + (server.grpcEnabled() ? server.grpcAddress() : "none")
                        + (options.token == null ? " token=" + server.operatorToken() : ""));
        out.flush();

        CountDownLatch stopRequested = new CountDownLatch(1);
        if (options.exitOnStdinEof) {
            Thread watcher =
                    new Thread(() -> drainUntilEof(stdin, stopRequested), NAME + "-stdin-watch");
            watcher.setDaemon(true);
            watcher.start();
        }
        try {
            stopRequested.await(); // without --exit-on-stdin-eof only the JVM's shutdown ends this
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDownAlready) {
            // the hook is running or will run and stops the server
        }
        server.stop();
        err.println(NAME + ": stopped, stdin reached end of file");
        err.flush();
        return EXIT_OK;
    }

    private static void drainUntilEof(InputStream stdin, CountDownLatch stopRequested) {
        byte[] buffer = new byte[512];
        try {
            while (stdin.read(buffer) >= 0) {
                // input is ignored; only its end matters
            }
        } catch (IOException e) {
            // a broken stdin is treated like a closed one: the parent is gone
        } finally {
            stopRequested.countDown();
        }
    }

    /** The parsed command line. */
    private static final class Options {
        String host = "127.0.0.1";
        int httpPort = 0;
        int grpcPort = 0;
        int maxInFlight;
        String token;
        Path tokenFile;
        Path dataDir;
        boolean exitOnStdinEof;
        boolean help;

        static Options parse(String[] args) throws UsageException {
            Options options = new Options();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String flag = arg;
                String inlineValue = null;
                int equals = arg.indexOf('=');
                if (arg.startsWith("--") && equals > 0) {
                    flag = arg.substring(0, equals);
                    inlineValue = arg.substring(equals + 1);
                }
                boolean takesValue = takesValue(flag, arg);
                if (!seen.add(flag)) {
                    throw new UsageException("option " + flag + " is given more than once");
                }
                if (!takesValue) {
                    if (inlineValue != null) {
                        throw new UsageException(
                                "option " + flag + " takes no value, got '" + arg + "'");
                    }
                    if (flag.equals("--help")) {
                        options.help = true;
                    } else {
                        options.exitOnStdinEof = true;
                    }
                    continue;
                }
                String value = inlineValue;
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException(
                                "option " + flag + " needs a value: " + expected(flag));
                    }
                    value = args[++i];
                }
                options.set(flag, value);
            }
            return options;
        }

        /** Whether option {@code flag} of argument {@code arg} takes a value. */
        private static boolean takesValue(String flag, String arg) throws UsageException {
            switch (flag) {
                case "--http-port":
                case "--grpc-port":
                case "--data-dir":
                case "--host":
                case "--token":
                case "--token-file":
                case "--max-in-flight":
                    return true;
                case "--exit-on-stdin-eof":
                case "--help":
                    return false;
                default:
                    throw new UsageException(
                            "unknown option '"
                                    + arg
                                    + "'; expected --http-port N, --grpc-port N,"
                                    + " --data-dir DIR, --host H, --token-file FILE, --token T,"
                                    + " --max-in-flight N, --exit-on-stdin-eof or --help");
            }
        }

        /** Sets option {@code flag}, which takes a value, to {@code value}. */
        private void set(String flag, String value) throws UsageException {
            Options options = this;
            switch (flag) {
                case "--http-port":
                    options.httpPort = port(flag, value);
                    break;
                case "--grpc-port":
                    options.grpcPort = value.equals("none") ? -1 : port(flag, value);
                    break;
                case "--token":
                    options.token = token("option " + flag, value);
                    break;
                case "--token-file":
                    options.tokenFile = file(flag, value);
                    break;
                case "--max-in-flight":
                    try {
                        options.maxInFlight = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        options.maxInFlight = -1;
                    }
                    if (options.maxInFlight < 1) {
                        throw new UsageException(
                                "option "
                                        + flag
                                        + " expects "
                                        + expected(flag)
                                        + ", got '"
                                        + value
                                        + "'");
                    }
                    break;
                case "--data-dir":
                    options.dataDir = directory(flag, value);
                    break;
                default:
                    options.host = host(flag, value);
            }
        }

        private static String expected(String flag) {
            switch (flag) {
                case "--http-port":
                case "--grpc-port":
                    return "a port number 0..65535";
                case "--data-dir":
                    return "a directory path";
                case "--token":
                    return "a token of visible ASCII characters";
                case "--token-file":
                    return "a file path";
                case "--max-in-flight":
                    return "a whole number of 1 or more";
                default:
                    return "a host name or address";
            }
        }

        private static int port(String flag, String value) throws UsageException {
            try {
                int port = Integer.parseInt(value);
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new UsageException(
                    "option " + flag + " expects " + expected(flag) + ", got '" + value + "'");
        }

        /** Checks a token from {@code source} (an option, a file, a variable). */
        private static String token(String source, String value) throws UsageException {
            if (value.isEmpty()
                    || value.length() > 512
                    || value.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
                throw new UsageException(
                        source
                                + " expects a token of 1..512 visible ASCII characters, got "
                                + (value.isEmpty()
                                        ? "an empty one"
                                        : value.length() > 512
                                                ? value.length() + " characters"
                                                : "one with whitespace or non-ASCII characters"));
            }
            return value;
        }

        /**
         * Settles the token: {@code --token} or {@code --token-file} (not both), else {@value
         * TOKEN_ENV} from {@code env}, else none (a random one). Warns on {@code err} about a token
         * on the command line and about a token file other users can read.
         */
        void resolveToken(Map<String, String> env, PrintStream err) throws UsageException {
            if (token != null && tokenFile != null) {
                throw new UsageException(
                        "options --token and --token-file both give the token; give one");
            }
            if (token != null) {
                err.println(
                        NAME
                                + ": warning: --token shows the token to every local user in the"
                                + " process list; set "
                                + TOKEN_ENV
                                + " or use --token-file FILE instead");
                err.flush();
                return;
            }
            if (tokenFile != null) {
                String text;
                try {
                    text = Files.readString(tokenFile, StandardCharsets.UTF_8);
                } catch (IOException | UncheckedIOException e) {
                    throw new UsageException(
                            "option --token-file cannot read '" + tokenFile + "': " + e);
                }
                token = token("the token file '" + tokenFile + "' of --token-file", text.strip());
                if (readableByOthers(tokenFile)) {
                    err.println(
                            NAME
                                    + ": warning: the token file "
                                    + tokenFile
                                    + " can be read by other users; make it readable by its owner"
                                    + " only (chmod 600)");
                    err.flush();
                }
                return;
            }
            String fromEnv = env.get(TOKEN_ENV);
            if (fromEnv != null) {
                token = token("environment variable " + TOKEN_ENV, fromEnv.strip());
            }
        }

        private static boolean readableByOthers(Path file) {
            try {
                Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
                return p.contains(PosixFilePermission.GROUP_READ)
                        || p.contains(PosixFilePermission.OTHERS_READ);
            } catch (IOException | UnsupportedOperationException e) {
                return false; // not a POSIX file system: nothing to say
            }
        }

        private static Path file(String flag, String value) throws UsageException {
            if (value.isBlank()) {
                throw new UsageException(
                        "option " + flag + " expects " + expected(flag) + ", got ''");
            }
            try {
                return Path.of(value);
            } catch (InvalidPathException e) {
                throw new UsageException(
                        "option "
                                + flag
                                + " expects "
                                + expected(flag)
                                + ", got '"
                                + value
                                + "': "
                                + e.getReason());
            }
        }

        private static Path directory(String flag, String value) throws UsageException {
            if (value.isBlank()) {
                throw new UsageException(
                        "option " + flag + " expects " + expected(flag) + ", got ''");
            }
            try {
                return Path.of(value);
            } catch (InvalidPathException e) {
                throw new UsageException(
                        "option "
                                + flag
                                + " expects "
                                + expected(flag)
                                + ", got '"
                                + value
                                + "': "
                                + e.getReason());
            }
        }

        private static String host(String flag, String value) throws UsageException {
            if (value.isEmpty() || value.chars().anyMatch(Character::isWhitespace)) {
                throw new UsageException(
                        "option "
                                + flag
                                + " expects "
                                + expected(flag)
                                + " without whitespace, got '"
                                + value
                                + "'");
            }
            return value;
        }
    }

    /** A command-line mistake; its message says which option, what was expected and what came. */
    private static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
