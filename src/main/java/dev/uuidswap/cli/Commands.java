package dev.uuidswap.cli;

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
    }

    private Commands() {
    }
}
