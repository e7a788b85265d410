package dev.uuidswap.cli;

import dev.uuidswap.app.Output;
import dev.uuidswap.config.Settings;
import dev.uuidswap.db.Database;
import java.util.LinkedHashMap;
import java.util.Map;

/** The command registry: name, one-line description, and how to build the command object. */
final class Commands {
    /** A command object, built with its collaborators; returns the exit code. */
    interface Command {
        int execute();
    }

    interface Factory {
        Command create(Settings s, Database db, Output out);
    }

    record Entry(String description, Factory factory, boolean needsDatabase) {
    }

    static final Map<String, Entry> ALL = new LinkedHashMap<>();

    static {
        ALL.put("plan", new Entry("dry run: discovery, data checks, dependent objects, estimates, DDL preview; writes nothing",
                PlanCommand::new, true));
        ALL.put("prepare", new Entry("shadow tables + capture triggers that log every write on the live tables",
                FlowCommands.of(FlowCommands::prepare), true));
        ALL.put("copy", new Entry("bulk copy from a snapshot, indexes and keys, catch-up; run again, it only catches up",
                FlowCommands.of(FlowCommands::copy), true));
        ALL.put("verify", new Entry("checksums old vs. new per table and per key-hash bucket; the keys that differ",
                FlowCommands.of(FlowCommands::verify), true));
        ALL.put("status", new Entry("phase, progress, triggers present, last verify, lock holders",
                FlowCommands.of(FlowCommands::status), true));
        ALL.put("swap", new Entry("the cut-over: one short transaction under lock_timeout with retries",
                FlowCommands.of(FlowCommands::swap), true));
        ALL.put("swap-back", new Entry("emergency return to the old tables; nothing written after the swap is lost",
                FlowCommands.of(FlowCommands::swapBack), true));
        ALL.put("finalize", new Entry("after the swap, with --confirm: drop reverse triggers and old tables",
                FlowCommands.of(FlowCommands::finalizeMigration), true));
        ALL.put("run", new Entry("prepare, copy, verify, swap; stops at the first failure (--no-swap: before the swap)",
                FlowCommands.of(FlowCommands::run), true));
        ALL.put("demo", new Entry("the whole cycle on a throwaway database with the sample schema and a concurrent writer",
                DemoCommand::new, false));
        ALL.put("bench", new Entry("benchmark against limits measured in the same run (--users N, default 1,000,000)",
                BenchCommand::new, false));
        ALL.put("abort", new Entry("before the swap: drop shadows, triggers and state; live tables untouched",
                FlowCommands.of(FlowCommands::abort), true));
    }

    private Commands() {
    }
}
