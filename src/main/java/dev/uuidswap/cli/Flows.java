package dev.uuidswap.cli;

import dev.uuidswap.config.Settings;
import dev.uuidswap.db.Database;
import dev.uuidswap.plan.Planner;
import dev.uuidswap.shadow.ShadowBuilder;
import java.util.List;

/** Wires the orchestrators with their collaborators, in one place. */
final class Flows {
    private Flows() {
    }

    static Planner planner(Database db, Settings s) {
        return new Planner(db, new ShadowBuilder(!s.noFkIndexes()), set -> List.of());
    }
}
