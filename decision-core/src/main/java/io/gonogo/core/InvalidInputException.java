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

    /** An error at {@code file:line:column} (1-based). */
    public static InvalidInputException at(String file, int line, int column, String message) {
        return new InvalidInputException(file + ":" + line + ":" + column, message, null);
    }

    /** An error about a whole file or an argument, named by {@code where}. */
    public static InvalidInputException of(String where, String message) {
        return new InvalidInputException(where, message, null);
    }

    /** An error about a whole file or an argument, with the underlying cause. */
    public static InvalidInputException of(String where, String message, Throwable cause) {
        return new InvalidInputException(where, message, cause);
    }

    private InvalidInputException(String location, String message, Throwable cause) {
        super(location.isEmpty() ? message : location + ": " + message, cause);
        this.location = location;
    }

    /** Where the error is, e.g. {@code targets.yaml:12:7}, if known. */
    public Optional<String> location() {
        return location.isEmpty() ? Optional.empty() : Optional.of(location);
    }

    @Override
    public int exitCode() {
        return ExitCode.INVALID_INPUT;
    }
}
