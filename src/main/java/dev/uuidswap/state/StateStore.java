package dev.uuidswap.state;

import dev.uuidswap.db.Database;
import dev.uuidswap.model.CopyState;
import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.Phase;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.model.UuidswapException;
import dev.uuidswap.state.MigrationState.PendingValidation;
import dev.uuidswap.state.MigrationState.TableState;
import java.util.List;
import java.util.Optional;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.TransactionIsolationLevel;

/**
 * The one state store (schema {@code uuidswap}): phases, per-table copy progress and shape, the
 * foreign keys still to validate, and an event log with who and when. It also holds the session
 * advisory lock that keeps a second uuidswap process off the same migration.
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
        return db.inTransaction(s -> load(s.getMapper(StateMapper.class), id));
    }

    /** The state as this transaction sees it (the swap reads it inside its lock). */
    public static Optional<MigrationState> load(StateMapper m, String id) {
        if (!m.schemaExists()) {
            return Optional.empty();
        }
        StateMapper.MigrationRow r = m.migration(id);
        if (r == null) {
            return Optional.empty();
        }
        List<TableState> tables = m.setTables(id).stream().map(t -> new TableState(
                TableRef.of(t.schemaName(), t.tableName()), t.converted().stream().map(Ident::of).toList(),
                CopyState.ofStored(t.copyState()), t.rowsCopied(), t.rowsTotal(), t.shape())).toList();
        List<PendingValidation> pending = m.pendingValidations(id).stream().map(p -> new PendingValidation(
                TableRef.of(p.schemaName(), p.tableName()), Ident.of(p.constraintName()))).toList();
        return Optional.of(new MigrationState(id, Phase.valueOf(r.phase()), TableRef.of(r.parentSchema(), r.parentTable()),
                Ident.of(r.parentKey()), r.fkIndexes(), r.tablespace() == null ? null : Ident.of(r.tablespace()),
                r.copyFinishedAt(), r.verifyPassedAt(), r.lastVerifyAt(),
                r.lastVerifyOk(), r.lastVerifySummary(), r.swappedAt(), r.swapCount(), r.compatCasts(), r.dataXid(),
                tables, pending));
    }

    public void event(String id, String step, String detail) {
        db.inTransaction(s -> {
            s.getMapper(StateMapper.class).event(id, step, detail);
            return null;
        });
    }

    /**
     * Takes the migration's session advisory lock for this process's lifetime, or exits 6: two
     * uuidswap processes on one migration would race on the shadows and the log. Taken before the
     * state is read (Flyway reads its history inside its lock), so no decision rests on a phase
     * another process is changing.
     */
    public void lock(String id) {
        if (lockSession != null) {
            if (!lockedId.equals(id)) {
                throw new IllegalStateException("already holding the lock of " + lockedId);
            }
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
        upgrade();
    }

    /** Brings a state schema an earlier uuidswap made up to date (then createSchema adds the missing tables and grants). */
    private void upgrade() {
        db.inTransaction(s -> {
            StateMapper m = s.getMapper(StateMapper.class);
            if (m.schemaOutdated()) {
                m.upgradeSchema();
                m.createSchema();
            }
            return null;
        });
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
