package dev.uuidswap.state;

import dev.uuidswap.model.ColumnRef;
import dev.uuidswap.model.CopyState;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.Phase;
import dev.uuidswap.model.TableRef;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * What the state store knows of one migration. {@code tablespace}: where prepare was told to put
 * the shadow objects (null: beside the live ones); {@code dataXid}: the newest transaction that
 * wrote into the shadows, which no older snapshot can see.
 */
public record MigrationState(String id, Phase phase, TableRef parent, Ident key, boolean fkIndexes, Ident tablespace,
        OffsetDateTime copyFinishedAt, OffsetDateTime verifyPassedAt, OffsetDateTime lastVerifyAt,
        Boolean lastVerifyOk, String lastVerifySummary, OffsetDateTime swappedAt, int swapCount,
        List<String> compatCasts, long dataXid, List<TableState> tables, List<PendingValidation> pending) {

    /**
     * One table of the set: its converted columns, copy progress, and its shape (columns,
     * constraints, indexes, triggers, grants, … as lines) when the live table was last recorded.
     */
    public record TableState(TableRef table, List<Ident> converted, CopyState copyState, long rowsCopied,
            long rowsTotal, List<String> shape) {
    }

    /** A foreign key added NOT VALID by a swap and not validated yet. */
    public record PendingValidation(TableRef table, Ident constraint) {
        public String display() {
            return table.display() + " " + constraint.name();
        }
    }

    /** The converted columns, as {@code --also} would name them. */
    public List<ColumnRef> columns() {
        return tables.stream().flatMap(t -> t.converted().stream().map(c -> new ColumnRef(t.table(), c))).toList();
    }

    /** True when a verify passed after the copy finished: swap requires it. */
    public boolean verifiedAfterCopy() {
        return verifyPassedAt != null && copyFinishedAt != null && !verifyPassedAt.isBefore(copyFinishedAt);
    }

    public TableState table(TableRef ref) {
        return tables.stream().filter(t -> t.table().equals(ref)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(ref.display() + " is not in migration " + id));
    }
}
