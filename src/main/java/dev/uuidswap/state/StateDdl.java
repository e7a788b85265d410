package dev.uuidswap.state;

import dev.uuidswap.db.DdlStep;
import dev.uuidswap.model.Literal;
import dev.uuidswap.model.Phase;
import java.util.List;

/**
 * The swap's record in the state store as statements with constants only, so they join the
 * swap's pre-rendered batch (one round trip, nothing prepared while the locks are held).
 */
public final class StateDdl {
    private StateDdl() {
    }

    public record Swapped(Literal id, Literal phase, Literal casts) {
    }

    public record Pending(Literal schema, Literal table, Literal name) {
    }

    public record PendingAll(Literal id, List<Pending> pending) {
    }

    public record Of(Literal id) {
    }

    public record Event(Literal id, Literal step, Literal detail) {
    }

    /** The phase after the swap or swap-back, and the compatibility casts known to exist. */
    public static DdlStep swapped(String id, Phase phase, List<String> casts) {
        return step("swappedAt", new Swapped(new Literal(id), new Literal(phase.name()),
                new Literal("{" + String.join(",", casts) + "}")));
    }

    /** The foreign keys this swap adds NOT VALID, replacing the list of the swap before. */
    public static DdlStep pending(String id, List<StateMapper.PendingRow> rows) {
        return step("pendingAt", new PendingAll(new Literal(id), rows.stream().map(r -> new Pending(
                new Literal(r.schemaName()), new Literal(r.tableName()), new Literal(r.constraintName()))).toList()));
    }

    /** The catalog version of the live tables as they are at the end of the swap. */
    public static DdlStep version(String id) {
        return step("versionAt", new Of(new Literal(id)));
    }

    public static DdlStep event(String id, String step, String detail) {
        return step("eventAt", new Event(new Literal(id), new Literal(step), new Literal(detail)));
    }

    private static DdlStep step(String id, Object param) {
        return DdlStep.of(StateMapper.class, id, param);
    }
}
