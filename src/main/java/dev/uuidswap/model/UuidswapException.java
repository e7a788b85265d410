package dev.uuidswap.model;

/** The tool's one exception type: a one-line message for the DBA and the exit code it maps to. */
public class UuidswapException extends RuntimeException {
    private final ExitCode exitCode;

    public UuidswapException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public UuidswapException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
