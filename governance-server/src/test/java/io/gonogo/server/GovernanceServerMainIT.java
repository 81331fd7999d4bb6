package io.gonogo.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GovernanceServerMainIT {

    private static final Pattern READY =
            Pattern.compile(
                    "gonogo-governance-server ready http=(127\\.0\\.0\\.1):(\\d+)"
                            + " grpc=127\\.0\\.0\\.1:(\\d+) token=([A-Za-z0-9_-]+)");
    private static final long READY_TIMEOUT_SECONDS = 60;
    private static final long EXIT_TIMEOUT_SECONDS = 10;

    @TempDir Path temp;

    /** A child JVM running the main class, with stderr captured in a file. */
    private final class Child implements AutoCloseable {
        final Process process;
        final BufferedReader stdout;
        final Path stderr;

        Child(String... args) throws IOException {
            this(Map.of(), args);
        }

        Child(Map<String, String> env, String... args) throws IOException {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            List<String> command =
                    new ArrayList<>(
                            List.of(
                                    java.toString(),
                                    "-cp",
                                    System.getProperty("java.class.path"),
                                    GovernanceServerMain.class.getName()));
            command.addAll(List.of(args));
            stderr = Files.createTempFile(temp, "stderr", ".txt");
            ProcessBuilder builder =
                    new ProcessBuilder(command)
                            .redirectError(ProcessBuilder.Redirect.to(stderr.toFile()));
            builder.environment().remove(GovernanceServerMain.TOKEN_ENV);
            builder.environment().putAll(env);
            process = builder.start();
            stdout =
                    new BufferedReader(
                            new InputStreamReader(
                                    process.getInputStream(), StandardCharsets.UTF_8));
        }

        String firstLine() throws Exception {
            return CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    return stdout.readLine();
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            })
                    .get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }

        boolean exited() throws InterruptedException {
            return process.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }

        String stderrText() throws IOException {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            process.destroyForcibly();
            try {
                process.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stdout.close();
            }
        }
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        HttpClient client =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10))
                        .build();
        return client.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void mainPrintsOneReadyLineServesHealthAndExitsWhenStdinCloses() throws Exception {
        try (Child child = new Child("--http-port", "0", "--exit-on-stdin-eof")) {
            String line = child.firstLine();
            Matcher ready = READY.matcher(line == null ? "" : line);
            assertThat(ready.matches())
                    .as("first stdout line %s; stderr: %s", line, child.stderrText())
                    .isTrue();
            int port = Integer.parseInt(ready.group(2));
            assertThat(port).isPositive();

            HttpResponse<String> health = get(URI.create("http://127.0.0.1:" + port + "/health"));
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");

            child.process.getOutputStream().close();
            assertThat(child.exited())
                    .as("exits within %d s of stdin EOF", EXIT_TIMEOUT_SECONDS)
                    .isTrue();
            assertThat(child.process.exitValue()).isZero();
            assertThat(child.stdout.readLine()).as("nothing after the ready line").isNull();
            assertThat(child.stderrText()).doesNotContain("Exception");
        }
    }

    @Test
    void aGivenTokenIsNotPrintedAndGrpcNoneServesNoGrpc() throws Exception {
        try (Child child =
                new Child("--grpc-port", "none", "--token", "s3cret", "--exit-on-stdin-eof")) {
            String line = child.firstLine();
            Matcher ready =
                    Pattern.compile(
                                    "gonogo-governance-server ready http=127\\.0\\.0\\.1:(\\d+)"
                                            + " grpc=none")
                            .matcher(line == null ? "" : line);
            assertThat(ready.matches()).as("first stdout line %s", line).isTrue();
            int port = Integer.parseInt(ready.group(1));
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> created =
                    client.send(
                            HttpRequest.newBuilder(
                                            URI.create("http://127.0.0.1:" + port + "/sessions"))
                                    .timeout(Duration.ofSeconds(10))
                                    .header("Authorization", "Bearer s3cret")
                                    .POST(
                                            HttpRequest.BodyPublishers.ofString(
                                                    "{\"operator\":\"o\"}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(201);
            child.process.getOutputStream().close();
            assertThat(child.exited()).isTrue();
        }
    }

    /** Starts a child, reads its ready line (which must not print a token) and returns its port. */
    private static int readyWithoutToken(Child child) throws Exception {
        String line = child.firstLine();
        Matcher ready =
                Pattern.compile(
                                "gonogo-governance-server ready http=127\\.0\\.0\\.1:(\\d+)"
                                        + " grpc=none")
                        .matcher(line == null ? "" : line);
        assertThat(ready.matches())
                .as("first stdout line %s; stderr: %s", line, child.stderrText())
                .isTrue();
        return Integer.parseInt(ready.group(1));
    }

    private static int createSession(int port, String token) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sessions"))
                                .timeout(Duration.ofSeconds(10))
                                .header("Authorization", "Bearer " + token)
                                .POST(HttpRequest.BodyPublishers.ofString("{\"operator\":\"o\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    @Test
    void theTokenComesFromTheEnvironmentAndStaysOffTheCommandLine() throws Exception {
        try (Child child =
                new Child(
                        Map.of(GovernanceServerMain.TOKEN_ENV, "from-env"),
                        "--grpc-port",
                        "none",
                        "--exit-on-stdin-eof")) {
            int port = readyWithoutToken(child);
            assertThat(createSession(port, "from-env")).isEqualTo(201);
            assertThat(createSession(port, "other")).isEqualTo(401);
            assertThat(child.process.info().commandLine().orElse("")).doesNotContain("from-env");
            child.process.getOutputStream().close();
            assertThat(child.exited()).isTrue();
            assertThat(child.stderrText()).doesNotContain("warning");
        }
    }

    @Test
    void theTokenComesFromAFileOverTheEnvironmentAndAFileOthersCanReadIsWarnedAbout()
            throws Exception {
        Path file = temp.resolve("token");
        Files.writeString(file, "from-file\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        try (Child child =
                new Child(
                        Map.of(GovernanceServerMain.TOKEN_ENV, "from-env"),
                        "--grpc-port",
                        "none",
                        "--token-file",
                        file.toString(),
                        "--exit-on-stdin-eof")) {
            int port = readyWithoutToken(child);
            assertThat(createSession(port, "from-file")).isEqualTo(201);
            assertThat(createSession(port, "from-env")).isEqualTo(401);
            child.process.getOutputStream().close();
            assertThat(child.exited()).isTrue();
            assertThat(child.stderrText()).contains("can be read by other users").contains("600");
        }
    }

    @Test
    void aTokenOnTheCommandLineStillWorksWithAWarning() throws Exception {
        try (Child child =
                new Child("--grpc-port", "none", "--token", "on-cli", "--exit-on-stdin-eof")) {
            int port = readyWithoutToken(child);
            assertThat(createSession(port, "on-cli")).isEqualTo(201);
            child.process.getOutputStream().close();
            assertThat(child.exited()).isTrue();
            assertThat(child.stderrText())
                    .contains("warning: --token shows the token")
                    .contains(GovernanceServerMain.TOKEN_ENV)
                    .contains("--token-file");
        }
    }

    @Test
    void tokenMistakesReturn2NamingTheSource() throws IOException {
        Path empty = Files.writeString(temp.resolve("empty"), "\n");
        String[][] cases = {
            {"--token", "a", "--token-file", empty.toString()},
            {"--token-file", temp.resolve("missing").toString()},
            {"--token-file", empty.toString()},
            {}
        };
        String[] expected = {
            "give one",
            "--token-file cannot read",
            "got an empty one",
            GovernanceServerMain.TOKEN_ENV
        };
        for (int i = 0; i < cases.length; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code =
                    GovernanceServerMain.run(
                            cases[i],
                            Map.of(GovernanceServerMain.TOKEN_ENV, "has space"),
                            new ByteArrayInputStream(new byte[0]),
                            new PrintStream(out, true, StandardCharsets.UTF_8),
                            new PrintStream(err, true, StandardCharsets.UTF_8));
            String message = err.toString(StandardCharsets.UTF_8);
            assertThat(code).as("exit code for %s", List.of(cases[i])).isEqualTo(2);
            assertThat(message.lines()).hasSize(1);
            assertThat(message).contains(expected[i]);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        }
    }

    @Test
    void theGeneratedTokenOfTheReadyLineOpensASession() throws Exception {
        try (Child child = new Child("--exit-on-stdin-eof")) {
            String line = child.firstLine();
            Matcher ready = READY.matcher(line == null ? "" : line);
            assertThat(ready.matches()).as("first stdout line %s", line).isTrue();
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> created =
                    client.send(
                            HttpRequest.newBuilder(
                                            URI.create(
                                                    "http://127.0.0.1:"
                                                            + ready.group(2)
                                                            + "/sessions"))
                                    .timeout(Duration.ofSeconds(10))
                                    .header("Authorization", "Bearer " + ready.group(4))
                                    .POST(
                                            HttpRequest.BodyPublishers.ofString(
                                                    "{\"operator\":\"o\"}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(201);
            child.process.getOutputStream().close();
            assertThat(child.exited()).isTrue();
        }
    }

    @Test
    void mainStopsCleanlyOnSigterm() throws Exception {
        Path dataDir = temp.resolve("data");
        try (Child child =
                new Child(
                        "--http-port", "0", "--grpc-port", "0", "--data-dir", dataDir.toString())) {
            String line = child.firstLine();
            assertThat(READY.matcher(line == null ? "" : line).matches())
                    .as("first stdout line %s; stderr: %s", line, child.stderrText())
                    .isTrue();
            assertThat(dataDir).isDirectory();

            child.process.destroy(); // SIGTERM
            assertThat(child.exited())
                    .as("exits within %d s of SIGTERM", EXIT_TIMEOUT_SECONDS)
                    .isTrue();
            assertThat(child.stderrText())
                    .contains("stopped on JVM shutdown")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void mainExitsWith2NamingTheFlagWhenAPortIsInvalid() throws Exception {
        try (Child child = new Child("--http-port", "70000")) {
            assertThat(child.exited()).isTrue();
            assertThat(child.process.exitValue()).isEqualTo(2);
            String stderr = child.stderrText();
            assertThat(stderr.lines()).hasSize(1);
            assertThat(stderr).contains("--http-port").contains("70000").contains("0..65535");
            assertThat(stderr).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(child.stdout.readLine()).isNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--http-port abc      | --http-port | 'abc'",
                "--http-port -1       | --http-port | '-1'",
                "--http-port          | --http-port | needs a value",
                "--grpc-port 65536    | --grpc-port | '65536'",
                "--grpc-port=x        | --grpc-port | 'x'",
                "--data-dir           | --data-dir  | needs a value",
                "--host               | --host      | needs a value",
                "--bogus              | --bogus     | unknown option",
                "--help=yes           | --help      | takes no value",
                "--http-port 1 --http-port 2 | --http-port | more than once",
            })
    void invalidOptionsReturn2WithOneLineNamingTheFlag(String args, String flag, String detail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                GovernanceServerMain.run(
                        args.trim().split(" +"),
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        String message = err.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(2);
        assertThat(message.lines()).hasSize(1);
        assertThat(message)
                .startsWith("gonogo-governance-server: ")
                .contains(flag)
                .contains(detail);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void helpPrintsUsageAndReturns0() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code =
                GovernanceServerMain.run(
                        new String[] {"--help"},
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains(
                        "--http-port",
                        "--grpc-port",
                        "--data-dir",
                        "--host",
                        "--exit-on-stdin-eof");
    }

    @Test
    void mainReturns4WhenThePortIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code =
                    GovernanceServerMain.run(
                            new String[] {"--http-port", String.valueOf(taken.getLocalPort())},
                            new ByteArrayInputStream(new byte[0]),
                            new PrintStream(out, true, StandardCharsets.UTF_8),
                            new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(code).isEqualTo(4);
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .contains("cannot start")
                    .contains(String.valueOf(taken.getLocalPort()));
            assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        }
    }
}
