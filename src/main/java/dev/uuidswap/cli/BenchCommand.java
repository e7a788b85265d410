package dev.uuidswap.cli;

import dev.uuidswap.app.Output;
import dev.uuidswap.bench.BenchRun;
import dev.uuidswap.config.Settings;
import dev.uuidswap.db.Database;
import dev.uuidswap.model.ExitCode;

/** bench: runs the benchmark (see BenchRun) and prints its table. */
final class BenchCommand implements Commands.Command {
    private final Settings s;
    private final Output out;

    BenchCommand(Settings s, Database unused, Output out) {
        this.s = s;
        this.out = out;
    }

    @Override
    public int execute() {
        out.report(new BenchRun(s, out).run(out), null);
        return ExitCode.OK.code;
    }
}
