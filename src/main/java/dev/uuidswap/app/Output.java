package dev.uuidswap.app;

import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.UuidswapException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a command's report goes: standard output, or the --output file. */
public final class Output {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean quiet;

    public Output(PrintStream out, PrintStream err, boolean quiet) {
        this.out = out;
        this.err = err;
        this.quiet = quiet;
    }

    public void report(String text, Path file) {
        if (file == null) {
            out.print(text);
            out.flush();
            return;
        }
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            info("report written to " + file);
        } catch (IOException e) {
            throw new UuidswapException(ExitCode.USAGE, "cannot write " + file + ": " + e.getMessage());
        }
    }

    /** A progress or status line for a person; silent with --quiet. */
    public void info(String line) {
        if (!quiet) {
            err.println(line);
            err.flush();
        }
    }

    public PrintStream err() {
        return err;
    }

    public boolean quiet() {
        return quiet;
    }
}
