package dev.uuidswap.state;

import dev.uuidswap.catalog.Row;
import dev.uuidswap.db.Database;
import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.Phase;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.model.UuidswapException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.TransactionIsolationLevel;

/**
 * The one state store (schema {@code uuidswap}): phases, per-table copy progress, last verify and
 * an event log with who and when. It also holds the session advisory lock that keeps a second
 * uuidswap process off the same migration.
 */
public final class StateStore implements AutoCloseable {
    private final Database db;
    private SqlSession lockSession;
    private String lockedId;

    public StateStore(Database db) {
        this.db = db;
    }

    public static String idOf(TableRef parent) {
        return parent.schema().name() + "." + parent.table().name();
    }

    public void ensureSchema() {
        db.inTransaction(s -> {
            s.getMapper(StateMapper.class).createSchema();
            return null;
        });
    }

    public Optional<MigrationState> load(String id) {
        return db.inTransaction(s -> {
            StateMapper m = s.getMapper(StateMapper.class);
            if (!m.schemaExists()) {
                return Optional.empty();
            }
            Map<String, Object> row = m.migration(id);
            if (row == null) {
                return Optional.empty();
            }
            Row r = Row.of(row);
            List<MigrationState.TableState> tables = m.setTables(id).stream().map(Row::of)
                    .map(t -> new MigrationState.TableState(TableRef.of(t.str("schema_name"), t.str("table_name")),
                            t.strings("converted").stream().map(Ident::of).toList(), t.str("copy_state"),
                            t.lng("rows_copied"), t.lng("rows_total")))
                    .toList();
            return Optional.of(new MigrationState(id, Phase.valueOf(r.str("phase")),
                    TableRef.of(r.str("parent_schema"), r.str("parent_table")), Ident.of(r.str("parent_key")),
                    r.bool("fk_indexes"), time(row, "copy_finished_at"), time(row, "verify_passed_at"),
                    time(row, "last_verify_at"), (Boolean) row.get("last_verify_ok"), r.str("last_verify_summary"),
                    time(row, "swapped_at"), r.integer("swap_count"), r.strings("compat_casts"), tables));
        });
    }

    public Phase phase(String id) {
        return load(id).map(MigrationState::phase).orElse(Phase.NONE);
    }

    private static OffsetDateTime time(Map<String, Object> row, String k) {
        Object v = row.get(k);
        if (v == null) {
            return null;
        }
        if (v instanceof OffsetDateTime o) {
            return o;
        }
        return ((java.sql.Timestamp) v).toInstant().atOffset(java.time.ZoneOffset.UTC);
    }

    public void event(String id, String step, String detail) {
        db.inTransaction(s -> {
            s.getMapper(StateMapper.class).event(id, step, detail);
            return null;
        });
    }

    /**
     * Takes the migration's session advisory lock for this process's lifetime, or exits 6: two
     * uuidswap processes on one migration would race on the shadows and the log.
     */
    public void lock(String id) {
        if (lockSession != null) {
            return;
        }
        SqlSession s = db.openSession(TransactionIsolationLevel.READ_COMMITTED);
        boolean got = s.getMapper(StateMapper.class).tryLock(id);
        s.commit(true);
        if (!got) {
            s.close();
            throw new UuidswapException(ExitCode.WRONG_PHASE,
                    "another uuidswap process is working on " + id + "; wait for it or stop it first");
        }
        lockSession = s;
        lockedId = id;
    }

    @Override
    public void close() {
        if (lockSession != null) {
            // A session lock outlives the transaction: release it before the connection goes back to the pool.
            try {
                lockSession.getMapper(StateMapper.class).unlock(lockedId);
                lockSession.commit(true);
            } finally {
                lockSession.close();
                lockSession = null;
            }
        }
    }
}
