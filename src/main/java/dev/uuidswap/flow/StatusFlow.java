package dev.uuidswap.flow;

import dev.uuidswap.catalog.CatalogMapper;
import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.Row;
import dev.uuidswap.copy.CopyMapper;
import dev.uuidswap.db.Database;
import dev.uuidswap.db.LockRetry;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.shadow.ShadowBuilder;
import dev.uuidswap.state.MigrationState;
import dev.uuidswap.state.StateMapper;
import dev.uuidswap.state.StateStore;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** status: where the migration stands, what uuidswap created, who holds locks on the set. Reads only. */
public final class StatusFlow {
    private final Database db;
    private final StateStore state;
    private final LockRetry locks;

    public StatusFlow(Database db, StateStore state, LockRetry locks) {
        this.db = db;
        this.state = state;
        this.locks = locks;
    }

    public record TableStatus(String table, String copyState, long rowsCopied, long rowsEstimated, long backlog,
            boolean shadowExists, boolean oldExists, List<String> triggers) {
    }

    public record Status(String migration, String phase, OffsetDateTime copyFinishedAt, OffsetDateTime lastVerifyAt,
            Boolean lastVerifyOk, String lastVerifySummary, boolean verifiedAfterCopy, OffsetDateTime swappedAt,
            int swapCount, List<String> compatCasts, boolean varcharCast, boolean textCast, List<TableStatus> tables,
            String lockHolders, List<String> recentEvents) {
    }

    public Optional<Status> run(TableRef parent) {
        Optional<MigrationState> loaded = state.load(StateStore.idOf(parent));
        if (loaded.isEmpty()) {
            return Optional.empty();
        }
        MigrationState st = loaded.get();
        MigrationSet set = new SetLoader(db, state).set(st);
        return Optional.of(db.inTransaction(s -> {
            CatalogMapper cm = s.getMapper(CatalogMapper.class);
            List<Row> trig = cm.triggersPresent().stream().map(Row::of).toList();
            List<TableStatus> tables = new ArrayList<>();
            for (MigrationState.TableState ts : st.tables()) {
                TableRef t = ts.table();
                TableRef log = ShadowBuilder.logOf(t);
                boolean logExists = cm.relationExists(log.toString());
                tables.add(new TableStatus(t.display(), ts.copyState(), ts.rowsCopied(), ts.rowsTotal(),
                        logExists ? s.getMapper(CopyMapper.class).backlog(log) : 0,
                        cm.relationExists(ShadowBuilder.shadowOf(t).toString()),
                        cm.relationExists(t.withTable(dev.uuidswap.model.Names.old(t.table())).toString()),
                        trig.stream().filter(r -> TableRef.of(r.str("schema"), r.str("table")).equals(t))
                                .map(r -> r.str("trigger") + ("D".equals(r.str("enabled")) ? " (disabled)" : "")).toList()));
            }
            var facts = new dev.uuidswap.catalog.Inspector(cm).serverFacts();
            List<String> events = s.getMapper(StateMapper.class).events(st.id(), 10).stream().map(Row::of)
                    .map(r -> r.str("at") + " " + r.str("who") + " " + r.str("step") + ": " + r.str("detail")).toList();
            return new Status(st.id(), st.phase().name().toLowerCase(), st.copyFinishedAt(), st.lastVerifyAt(),
                    st.lastVerifyOk(), st.lastVerifySummary(), st.verifiedAfterCopy(), st.swappedAt(), st.swapCount(),
                    st.compatCasts(), facts.varcharCast(), facts.textCast(), tables,
                    locks.holders(set.tables().stream().map(x -> x.ref().toString()).toList()), events);
        }));
    }
}
