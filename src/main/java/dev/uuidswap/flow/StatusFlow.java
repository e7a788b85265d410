package dev.uuidswap.flow;

import dev.uuidswap.catalog.CatalogMapper;
import dev.uuidswap.catalog.Inspector;
import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.copy.CopyMapper;
import dev.uuidswap.db.Database;
import dev.uuidswap.db.LockRetry;
import dev.uuidswap.db.SqlStates;
import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.Phase;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.model.UuidswapException;
import dev.uuidswap.shadow.ShadowBuilder;
import dev.uuidswap.state.MigrationState;
import dev.uuidswap.state.MigrationState.PendingValidation;
import dev.uuidswap.state.StateMapper;
import dev.uuidswap.state.StateStore;
import dev.uuidswap.swap.Validator;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * status: where the migration stands, what uuidswap created, what changed since it was recorded,
 * which foreign keys still wait for validation, who holds locks on the set. Reads only, without
 * the migration's lock, so it works while another uuidswap process runs and for a role that can
 * read the catalog and the uuidswap schema. With --repair it takes the lock and validates what a
 * killed swap left pending.
 */
public final class StatusFlow {
    private final Database db;
    private final StateStore state;
    private final Opener opener;
    private final LockRetry locks;

    public StatusFlow(Database db, StateStore state, Opener opener, LockRetry locks) {
        this.db = db;
        this.state = state;
        this.opener = opener;
        this.locks = locks;
    }

    /** {@code backlog} null: the role may not read the change log, {@code backlogEstimated} then holds the statistics' figure. */
    public record TableStatus(String table, String copyState, long rowsCopied, long rowsEstimated, Long backlog,
            Long backlogEstimated, boolean shadowExists, boolean oldExists, List<String> triggers) {
    }

    public record Status(String migration, String phase, OffsetDateTime copyFinishedAt, OffsetDateTime lastVerifyAt,
            Boolean lastVerifyOk, String lastVerifySummary, boolean verifiedAfterCopy, OffsetDateTime swappedAt,
            int swapCount, List<String> compatCasts, boolean varcharCast, boolean textCast, List<TableStatus> tables,
            List<String> changed, String changeNotChecked, List<String> pendingValidations, List<String> repaired, String lockHolders,
            List<String> recentEvents) {
    }

    private static final String NOT_LOOKED_UP = "not checked: this role may not look up the tables by name (no USAGE"
            + " on their schema)";

    /** What changed, or {@link #NOT_LOOKED_UP} for a role that may read the catalog but not resolve names in the tables' schema. */
    private List<String> drift(MigrationState st, MigrationSet set) {
        try {
            return opener.drift(st, set);
        } catch (RuntimeException e) {
            if (SqlStates.is(e, SqlStates.INSUFFICIENT_PRIVILEGE)) {
                return List.of(NOT_LOOKED_UP);
            }
            throw e;
        }
    }

    public Optional<Status> run(TableRef parent, boolean repair) {
        List<String> repaired = new ArrayList<>();
        if (repair) {
            db.requireWritable("status --repair");
            var opened = opener.open(parent, "status --repair", EnumSet.allOf(Phase.class), Opener.none());
            Validator.Outcome v = new Validator(db, locks.requested()).complete(opened.state().id(), opened.state().pending());
            v.validated().forEach(x -> repaired.add("validated " + x));
            v.problems().forEach(x -> repaired.add("still not valid: " + x));
        }
        Optional<MigrationState> loaded = state.load(StateStore.idOf(parent));
        if (loaded.isEmpty()) {
            return Optional.empty();
        }
        MigrationState st = loaded.get();
        // What a DBA runs when something is stuck: a table held exclusively (a long VACUUM FULL)
        // must not make it wait too; it says so and shows the rest.
        MigrationSet set = null;
        String notChecked = null;
        try {
            set = opener.set(st);
        } catch (UuidswapException e) {
            if (e.exitCode() != ExitCode.LOCKS_NOT_ACQUIRED) {
                throw e;
            }
            notChecked = "not checked: " + e.getMessage().replaceFirst("; nothing was changed.*$", "");
        }
        List<String> found = set == null || st.phase() == Phase.FINALIZED ? List.of() : drift(st, set);
        if (found.contains(NOT_LOOKED_UP)) {
            notChecked = NOT_LOOKED_UP;
        }
        List<String> changed = notChecked == null ? found : List.of();
        List<String> setTables = st.tables().stream().map(x -> x.table().toString()).toList();
        String why = notChecked;
        return Optional.of(db.inTransaction(s -> {
            CatalogMapper cm = s.getMapper(CatalogMapper.class);
            var trig = cm.triggersPresent();
            List<TableStatus> tables = new ArrayList<>();
            for (MigrationState.TableState ts : st.tables()) {
                TableRef t = ts.table();
                TableRef log = ShadowBuilder.logOf(t);
                boolean logExists = cm.relationExists(log);
                boolean readable = logExists && cm.mayRead(log);
                // Boxed on purpose: null says "not readable by this role", which a conditional of long would unbox.
                Long backlog = null;
                Long estimated = null;
                if (!logExists) {
                    backlog = 0L;
                } else if (readable) {
                    backlog = s.getMapper(CopyMapper.class).backlog(ShadowBuilder.logOf(t));
                } else {
                    estimated = cm.liveTuples(log);
                }
                tables.add(new TableStatus(t.display(), ts.copyState().name().toLowerCase(), ts.rowsCopied(),
                        Math.max(ts.rowsTotal(), ts.rowsCopied()),
                        backlog, estimated,
                        cm.relationExists(ShadowBuilder.shadowOf(t)),
                        cm.relationExists(ShadowBuilder.oldOf(t)),
                        trig.stream().filter(r -> TableRef.of(r.schema(), r.table()).equals(t))
                                .map(r -> r.trigger() + ("D".equals(r.enabled()) ? " (disabled)"
                                        : "A".equals(r.enabled()) ? "" : " (not always: writes under replica role escape it)")).toList()));
            }
            var facts = new Inspector(cm).serverFacts();
            List<String> events = s.getMapper(StateMapper.class).events(st.id(), 10).stream()
                    .map(r -> r.at() + " " + r.who() + " " + r.step() + ": " + r.detail()).toList();
            return new Status(st.id(), st.phase().label(), st.copyFinishedAt(), st.lastVerifyAt(),
                    st.lastVerifyOk(), st.lastVerifySummary(), st.verifiedAfterCopy(), st.swappedAt(), st.swapCount(),
                    st.compatCasts(), facts.varcharCast(), facts.textCast(), tables, changed, why,
                    st.pending().stream().map(PendingValidation::display).toList(), repaired,
                    NOT_LOOKED_UP.equals(why) ? NOT_LOOKED_UP : locks.holders(setTables).orElse("none"),
                    events);
        }));
    }
}
