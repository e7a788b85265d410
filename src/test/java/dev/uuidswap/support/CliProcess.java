package dev.uuidswap.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** uuidswap in a JVM of its own, as a DBA runs it: to be killed with SIGKILL, or raced against another. */
public final class CliProcess {
    private CliProcess() {
    }

    /**
     * Starts {@code args} against {@code url} as {@code user} ({@code password} may be null);
     * standard output and error go to {@code log}, or nowhere when it is null.
     */
    public static Process start(String url, String user, String password, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(System.getProperty("java.home") + File.separator + "bin" + File.separator
                + "java", "-cp", System.getProperty("java.class.path"), "dev.uuidswap.cli.Main"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--url", url, "--user", user));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(log.toFile()));
        if (password != null) {
            pb.environment().put("PGPASSWORD", password);
        }
        return pb.start();
    }
}
