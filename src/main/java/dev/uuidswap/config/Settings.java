package dev.uuidswap.config;

import dev.uuidswap.model.ColumnRef;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.TableRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything one run needs, checked once by {@link SettingsLoader} and then frozen (as HikariConfig
 * is sealed). The password is held here and nowhere else; {@link #toString()} masks it.
 * {@code maxReplicaLagMillis} / {@code maxReplicaLagBytes}: at most one is set.
 */
public record Settings(
        String command,
        String jdbcUrl,
        String user,
        String password,
        TableRef table,
        List<ColumnRef> also,
        String format,
        Path output,
        int batchSize,
        long maxRowsPerSecond,
        int jobs,
        Duration lockTimeout,
        int retries,
        Long maxReplicaLagMillis,
        Long maxReplicaLagBytes,
        Path pauseFile,
        Ident tablespace,
        boolean quiet,
        boolean verbose,
        boolean noFkIndexes,
        boolean noDataChecks,
        boolean recheckForeignKeys,
        boolean confirm,
        boolean compatCast,
        boolean queueForLocks,
        boolean dropCompatCast,
        boolean noSwap,
        boolean repair,
        boolean keep,
        long rows,
        boolean urlGiven,
        boolean userGiven) {

    public Settings {
        also = List.copyOf(also);
    }

    /** The URL as it may be shown: any password parameter masked. */
    public String displayUrl() {
        return Masking.mask(jdbcUrl);
    }

    public Settings withConnection(String url, String user, String password) {
        return new Settings(command, url, user, password, table, also, format, output, batchSize, maxRowsPerSecond, jobs,
                lockTimeout, retries, maxReplicaLagMillis, maxReplicaLagBytes, pauseFile, tablespace, quiet, verbose,
                noFkIndexes, noDataChecks, recheckForeignKeys, confirm, compatCast, queueForLocks, dropCompatCast, noSwap, repair, keep,
                rows, true, true);
    }

    public Settings withJobs(int n) {
        return new Settings(command, jdbcUrl, user, password, table, also, format, output, batchSize, maxRowsPerSecond, n,
                lockTimeout, retries, maxReplicaLagMillis, maxReplicaLagBytes, pauseFile, tablespace, quiet, verbose,
                noFkIndexes, noDataChecks, recheckForeignKeys, confirm, compatCast, queueForLocks, dropCompatCast, noSwap, repair, keep,
                rows, urlGiven, userGiven);
    }

    @Override
    public String toString() {
        return "Settings[command=" + command + ", url=" + displayUrl() + ", user=" + user
                + ", password=" + (password == null ? "<none>" : "***") + ", table=" + table.display()
                + ", also=" + also + ", batchSize=" + batchSize + ", jobs=" + jobs + "]";
    }
}
