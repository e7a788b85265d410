package dev.uuidswap.state;

import dev.uuidswap.model.ColumnRef;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.Phase;
import dev.uuidswap.model.TableRef;
import java.time.OffsetDateTime;
import java.util.List;

/** What the state store knows of one migration. */
public record MigrationState(String id, Phase phase, TableRef parent, Ident key, boolean fkIndexes,
        OffsetDateTime copyFinishedAt, OffsetDateTime verifyPassedAt, OffsetDateTime lastVerifyAt,
        Boolean lastVerifyOk, String lastVerifySummary, OffsetDateTime swappedAt, int swapCount,
        List<String> compatCasts, List<TableState> tables) {

    /** One table of the set with its converted columns and copy progress. */
    public record TableState(TableRef table, List<Ident> converted, String copyState, long rowsCopied, long rowsTotal) {
        public boolean copied() {
            return "copied".equals(copyState) || "indexed".equals(copyState);
        }
    }

    /** The converted columns other than the parent key, as {@code --also} would name them. */
    public List<ColumnRef> columns() {
        return tables.stream().flatMap(t -> t.converted().stream().map(c -> new ColumnRef(t.table(), c))).toList();
    }

    /** True when a verify passed after the copy finished (spec §6: swap requires it). */
    public boolean verifiedAfterCopy() {
        return verifyPassedAt != null && copyFinishedAt != null && !verifyPassedAt.isBefore(copyFinishedAt);
    }
}
