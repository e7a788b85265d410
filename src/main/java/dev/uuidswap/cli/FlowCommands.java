package dev.uuidswap.cli;

import dev.uuidswap.app.Flows;
import dev.uuidswap.config.Settings;
import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.Phase;
import dev.uuidswap.report.Renderer;
import dev.uuidswap.report.StatusReport;
import dev.uuidswap.report.VerifyReport;
import dev.uuidswap.state.MigrationState;
import dev.uuidswap.state.StateStore;
import java.util.Locale;

/** The commands after plan: prepare, copy, verify, status, swap, swap-back, finalize, abort, run. Each a small object over its flow. */
final class FlowCommands {
    private FlowCommands() {
    }

    /** What one command does with its wired flows; returns the exit code. */
    interface Body {
        int run(Settings s, Flows f);
    }

    /**
     * A command over the flows: the wiring (and so the state store's lock) lives exactly as long
     * as its run.
     */
    static Commands.Factory of(Body body) {
        return (s, db, out) -> () -> {
            try (Flows f = new Flows(s, db, out)) {
                return body.run(s, f);
            }
        };
    }

    static int prepare(Settings s, Flows f) {
        var r = f.prepare().run(s.table(), s.also(), !s.noFkIndexes(), f.planOptions());
        if (r.nothingToDo()) {
            f.out().report("prepare: " + s.table().display() + " already has a uuid key: nothing to do\n", null);
        } else {
            f.out().report("prepare: " + (r.continued() ? "finished the capture triggers of " : "prepared ")
                    + r.migration() + ": shadows and change logs for " + r.tables() + "; capture triggers on "
                    + r.triggerTables() + " table(s). Next: uuidswap copy\n", null);
        }
        return ExitCode.OK.code;
    }

    static int copy(Settings s, Flows f) {
        var r = f.copy().run(s.table());
        StringBuilder b = new StringBuilder();
        if (r.bulkCopied()) {
            for (var t : r.tables()) {
                b.append(String.format(Locale.ROOT, "copy: %s %,d rows in %.2f s%n", t.table(), t.rows(), t.seconds()));
            }
            b.append(String.format(Locale.ROOT, "copy: bulk %,d rows in %.2f s (%,.0f rows/s), indexes and keys %.2f s%n",
                    r.rows(), r.bulkSeconds(), r.rows() / Math.max(r.bulkSeconds(), 1e-3), r.indexSeconds()));
        }
        b.append(String.format(Locale.ROOT, "copy: caught up %,d change-log entries; backlog now %,d. Next: uuidswap verify%n",
                r.caughtUp(), r.backlog()));
        f.out().report(b.toString(), null);
        return ExitCode.OK.code;
    }

    static int verify(Settings s, Flows f) {
        var r = f.verify().run(s.table());
        f.out().report(Renderer.render(s.format(), VerifyReport.of(r), r), s.output());
        return r.ok() ? ExitCode.OK.code : ExitCode.VERIFY_FAILED.code;
    }

    static int status(Settings s, Flows f) {
        var r = f.status().run(s.table(), s.repair());
        if (r.isEmpty()) {
            f.out().report(s.format().equals("json") ? "{\"migration\":null,\"phase\":\"none\"}\n"
                    : "status: no migration of " + s.table().display() + "\n", s.output());
        } else {
            f.out().report(Renderer.render(s.format(), StatusReport.of(r.get()), r.get()), s.output());
        }
        return ExitCode.OK.code;
    }

    static int abort(Settings s, Flows f) {
        var r = f.abort().run(s.table());
        f.out().report("abort: " + r.migration() + ": dropped " + r.dropped() + "; live tables untouched\n", null);
        return ExitCode.OK.code;
    }

    static int swap(Settings s, Flows f) {
        f.out().report(SwapOutput.line(f.swap().swap(s.table(), s.compatCast())), null);
        return ExitCode.OK.code;
    }

    static int swapBack(Settings s, Flows f) {
        f.out().report(SwapOutput.line(f.swap().back(s.table())), null);
        return ExitCode.OK.code;
    }

    static int finalizeMigration(Settings s, Flows f) {
        var r = f.finalizer().run(s.table(), s.confirm(), s.dropCompatCast());
        f.out().report("finalize: " + r.migration() + (r.validated().isEmpty() ? "" : ": validated " + r.validated())
                + ": dropped " + r.dropped() + (r.castsDropped().isEmpty() ? "" : "; casts dropped " + r.castsDropped()) + "\n", null);
        return ExitCode.OK.code;
    }

    /** prepare, copy, verify, swap, stopping at the first failure with that step's exit code; continues from the phase reached. */
    static int run(Settings s, Flows f) {
        Phase phase = f.state().load(StateStore.idOf(s.table())).map(MigrationState::phase).orElse(Phase.NONE);
        if (phase == Phase.SWAPPED || phase == Phase.FINALIZED) {
            f.out().report("run: " + s.table().display() + " is already " + phase.label() + "; nothing to do\n", null);
            return ExitCode.OK.code;
        }
        if (phase == Phase.NONE) {
            var p = f.prepare().run(s.table(), s.also(), !s.noFkIndexes(), f.planOptions());
            if (p.nothingToDo()) {
                f.out().report("run: " + s.table().display() + " already has a uuid key: nothing to do\n", null);
                return ExitCode.OK.code;
            }
            f.out().info("run: prepared " + p.tables());
        }
        var c = f.copy().run(s.table());
        f.out().info(String.format(Locale.ROOT, "run: copied %,d rows; backlog %,d", c.rows(), c.backlog()));
        var v = f.verify().run(s.table());
        f.out().info("run: " + v.summary());
        if (!v.ok()) {
            f.out().report(Renderer.text(VerifyReport.of(v)), null);
            return ExitCode.VERIFY_FAILED.code;
        }
        if (s.noSwap()) {
            f.out().report("run: stopped before the swap (--no-swap); " + v.summary() + "\n", null);
            return ExitCode.OK.code;
        }
        f.out().report(SwapOutput.line(f.swap().swap(s.table(), s.compatCast())), null);
        return ExitCode.OK.code;
    }
}
