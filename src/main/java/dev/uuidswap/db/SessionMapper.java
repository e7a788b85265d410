package dev.uuidswap.db;

import java.util.Collection;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/** Settings of the current transaction and what the server knows about other sessions ({@code SessionMapper.xml}). */
public interface SessionMapper {
    /** A session that holds a lock, or an old snapshot, that uuidswap has to wait for; or a prepared transaction. */
    record Holder(Integer pid, String userName, String applicationName, String state, String since, String mode,
            String query, String preparedGid) {
        public String describe() {
            if (preparedGid != null) {
                return "prepared transaction '" + preparedGid + "' of " + userName + " since " + since
                        + (mode == null ? "" : " (" + mode + ")");
            }
            // A role without pg_read_all_stats sees other users' sessions without start time, state or query.
            return "pid " + pid + " user " + userName + " app '" + applicationName + "'"
                    + (mode == null ? "" : " " + mode) + (since == null ? "" : " since " + since)
                    + (state == null ? "" : " (" + state + ": " + query + ")");
        }
    }

    void lockTimeout(@Param("ms") long millis);

    void statementTimeout(@Param("ms") long millis);

    /** Parallel plans off for the rest of the transaction; returns the setting to give back to {@link #parallelWorkers}. */
    String serialPlans();

    String parallelWorkers(@Param("n") String n);

    /** The costs of parallel plans, "setup,tuple", to give back to {@link #parallelCosts} after pricing them as free ("0,0"). */
    String parallelCostsNow();

    String parallelCosts(@Param("costs") String costs);

    /** The commit then releases the locks without waiting for the WAL flush (see the XML). */
    void asyncCommit();

    long deadlockTimeoutMillis();

    List<Holder> lockHolders(@Param("tables") Collection<String> qualifiedTables);

    /**
     * Sessions, replication feedback and prepared transactions whose snapshot or transaction is as
     * old as {@code xid} or older: they cannot see rows written by {@code xid}.
     */
    List<Holder> snapshotsOlderThan(@Param("xid") long xid);

    void clearStatsSnapshot();

    String serverClock();

    /**
     * Client sessions whose transaction began before {@code since} and whose snapshot may not see
     * {@code xid}, leaving out those that wait to write one of {@code tables} unless their pid is
     * in {@code seen} (see the XML).
     */
    List<Holder> snapshotsBeforeBarrier(@Param("xid") long xid, @Param("since") String since,
            @Param("tables") List<String> qualifiedTables, @Param("seen") List<Integer> seen);

    int backendPid();

    /** Sessions waiting for a lock that session {@code pid} holds, or has asked for ahead of them. */
    List<Holder> waitingBehind(@Param("pid") int pid);

    /** What session {@code pid} waits for, if it waits for a table: ACCESS EXCLUSIVE held or queued ahead of it. */
    List<Holder> blockersOf(@Param("pid") int pid);

    /** Sessions that wait for a lock on one of {@code tables} while holding one on them. */
    List<Holder> waitingWhileHolding(@Param("tables") List<String> qualifiedTables);

    long otherHolders(@Param("tables") List<String> qualifiedTables);

    /** The current transaction's id (xid8 as a number), assigning one if needed. */
    long currentXid();

    boolean inRecovery();

    /**
     * A streaming replica as the primary sees it, or an inactive physical slot (a replica that is
     * gone). {@code readable} false: this role may not read its lag (needs pg_read_all_stats).
     */
    record Replica(String name, String state, Long lagMillis, Long lagBytes, boolean readable) {
    }

    List<Replica> replicas();

    /** Whether this role may read other sessions' replication progress. */
    boolean readsAllStats();
}
