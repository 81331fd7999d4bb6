package io.gonogo.cli;

import io.gonogo.Gonogo;
import io.gonogo.StarterFile;
import io.gonogo.core.ExitCode;
import io.gonogo.core.InvalidInputException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gonogo init}: writes a commented starter targets file through {@link Gonogo#init}. */
@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        description = {
            "Writes a commented starter targets file for the service at URL: a load scenario on"
                    + " its health endpoint, a memory scenario sampled from its Prometheus endpoint"
                    + " (/metrics, /prometheus) when it answers one, and a chaos scenario of"
                    + " network latency. Without URL, writes one for http://127.0.0.1:8080 without"
                    + " asking it anything.",
            "",
            "Exit codes: 0 written, 2 invalid input (the file exists, a bad URL, a service that"
                    + " does not answer), 4 the file could not be written."
        })
final class InitCommand implements Callable<Integer> {
    @Parameters(
            arity = "0..1",
            paramLabel = "URL",
            description =
                    "The service's base URL, http:// or https://; probed with one GET per path.")
    String url;

    @Option(
            names = {"-t", "--targets"},
            paramLabel = "FILE",
            description = "The file to write; default: targets.yaml.")
    Path targets = Path.of("targets.yaml");

    @Option(names = "--force", description = "Replaces the file when it exists.")
    boolean force;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        StarterFile starter =
                Gonogo.init(Optional.ofNullable(url).map(InitCommand::uri), targets, force);
        PrintWriter out = spec.commandLine().getOut();
        out.println("wrote " + targets + " for " + starter.base());
        if (url != null) {
            out.println(
                    "  health:  "
                            + starter.healthPath()
                                    .map(
                                            p ->
                                                    "GET "
                                                            + p
                                                            + " answered 2xx (load and chaos"
                                                            + " request it)")
                                    .orElse(
                                            "no health endpoint answered 2xx (the scenarios request"
                                                    + " /)"));
            out.println(
                    "  metrics: "
                            + starter.metricsPath()
                                    .map(
                                            p ->
                                                    "GET "
                                                            + p
                                                            + " answered Prometheus text (memory"
                                                            + " samples it)")
                                    .orElse("no Prometheus endpoint (memory left commented out)"));
        }
        out.println(
                "next: gonogo check --targets " + targets + ", then gonogo --targets " + targets);
        return ExitCode.GO;
    }

    private static URI uri(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw InvalidInputException.of(
                    "URL '" + text + "'",
                    "not a URL ("
                            + e.getReason()
                            + " at index "
                            + e.getIndex()
                            + "); expected an http:// or https:// URL with a host, such as"
                            + " http://127.0.0.1:8080");
        }
    }
}
