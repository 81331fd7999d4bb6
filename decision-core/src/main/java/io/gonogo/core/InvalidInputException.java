package io.gonogo.core;

import java.util.Optional;

/**
 * The user's input is wrong: a targets file, a result file, an argument. Exit code 2.
 *
 * <p>The message is one line that says what was wrong, where, and what was expected, such as {@code
 * targets.yaml:12:7: unknown key 'pas' in target 'p99-1k'; expected one of: id, ...}.
 */
public class InvalidInputException extends GonogoException {
    private static final long serialVersionUID = 1L;

    /** Where the mistake is: {@code file:line:column}, a YAML path or an option; may be empty. */
    private final String location;

    /**
     * An error at {@code file:line:column} (1-based).
     *
     * @param file the file as the user named it, such as {@code targets.yaml}
     * @param line the line, from 1
     * @param column the column, from 1
     * @param message what was wrong and what was expected
     * @return the exception, its message prefixed with the location
     */
    public static InvalidInputException at(String file, int line, int column, String message) {
        return new InvalidInputException(file + ":" + line + ":" + column, message, null);
    }

    /**
     * An error about a whole file or an argument, named by {@code where}.
     *
     * @param where the file, YAML path or option, such as {@code --as-of 2026-01-01T00:00:00Z};
     *     empty when there is nothing to name
     * @param message what was wrong and what was expected
     * @return the exception, its message prefixed with {@code where}
     */
    public static InvalidInputException of(String where, String message) {
        return new InvalidInputException(where, message, null);
    }

    /**
     * An error about a whole file or an argument, with the underlying cause.
     *
     * @param where the file, YAML path or option; empty when there is nothing to name
     * @param message what was wrong and what was expected
     * @param cause the underlying failure, such as the parser's
     * @return the exception, its message prefixed with {@code where}
     */
    public static InvalidInputException of(String where, String message, Throwable cause) {
        return new InvalidInputException(where, message, cause);
    }

    private InvalidInputException(String location, String message, Throwable cause) {
        super(location.isEmpty() ? message : location + ": " + message, cause);
        this.location = location;
    }

    /**
     * Where the error is, e.g. {@code targets.yaml:12:7}, if known.
     *
     * @return the location the message begins with; empty when none was given
     */
    public Optional<String> location() {
        return location.isEmpty() ? Optional.empty() : Optional.of(location);
    }

    @Override
    public int exitCode() {
        return ExitCode.INVALID_INPUT;
    }
}
