package dev.uuidswap.cli;

import dev.uuidswap.db.LockRetry;
import java.time.Duration;
import java.util.Locale;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** Every option of every command, named once (as Maven's CLIManager does). */
public final class CliOptions {
    public static final String URL = "url";
    public static final String USER = "user";
    public static final String PASSWORD_FILE = "password-file";
    public static final String TABLE = "table";
    public static final String ALSO = "also";
    public static final String FORMAT = "format";
    public static final String OUTPUT = "output";
    public static final String BATCH_SIZE = "batch-size";
    public static final String MAX_ROWS_PER_SECOND = "max-rows-per-second";
    public static final String JOBS = "jobs";
    public static final String LOCK_TIMEOUT = "lock-timeout";
    public static final String RETRIES = "retries";
    public static final String MAX_REPLICA_LAG = "max-replica-lag";
    public static final String PAUSE_FILE = "pause-file";
    public static final String QUIET = "quiet";
    public static final String VERBOSE = "verbose";
    public static final String NO_FK_INDEXES = "no-fk-indexes";
    public static final String CONFIRM = "confirm";
    public static final String COMPAT_CAST = "compat-cast";
    public static final String DROP_COMPAT_CAST = "drop-compat-cast";
    public static final String QUEUE_FOR_LOCKS = "queue-for-locks";
    public static final String NO_SWAP = "no-swap";
    public static final String KEEP = "keep";
    public static final String ROWS = "rows";
    public static final String USERS = "users";
    public static final String HELP = "help";
    public static final String PASSWORD = "password";
    public static final String NO_DATA_CHECKS = "no-data-checks";
    public static final String RECHECK_FOREIGN_KEYS = "recheck-foreign-keys";
    private static final String RECHECK_HELP = "trust no validated foreign key: read every child value itself and look for"
            + " orphans (rows written with the key bypassed: session_replication_role = replica, a restore with triggers off);"
            + " slower";
    public static final String TABLESPACE = "tablespace";
    public static final String REPAIR = "repair";

    private CliOptions() {
    }

    /** The options common to every command that talks to the database. */
    public static Options connection() {
        Options o = new Options();
        o.addOption(opt(URL, "JDBC URL, e.g. jdbc:postgresql://host:5432/db (else UUIDSWAP_URL, else PGHOST/PGPORT/PGDATABASE)"));
        o.addOption(opt(USER, "database user (else PGUSER)"));
        o.addOption(opt(PASSWORD_FILE, "file whose first line is the password (else PGPASSWORD, else ~/.pgpass)"));
        o.addOption(opt(TABLE, "parent table [schema.]name (default public.users)"));
        o.addOption(Option.builder().longOpt(ALSO).hasArg().argName("schema.table.column")
                .desc("convert one more UUID-string column of a table in the set (repeatable)").get());
        o.addOption(Option.builder("q").longOpt(QUIET).desc("only errors and the result").get());
        o.addOption(flag(VERBOSE, "debug logging and stack traces"));
        o.addOption(flag(HELP, "this help"));
        // Accepted only to refuse it with a clear message: a password on the command line leaks
        // through ps and shell history.
        o.addOption(Option.builder().longOpt(PASSWORD).hasArg().desc("not accepted: use --password-file or PGPASSWORD").get());
        return o;
    }

    public static Options forCommand(String command) {
        Options o = connection();
        switch (command) {
            case "plan", "verify", "status" -> {
                o.addOption(opt(FORMAT, "text|markdown|json|html (default text)"));
                o.addOption(opt(OUTPUT, "write the report to FILE instead of standard output"));
                if (command.equals("plan")) {
                    o.addOption(flag(NO_FK_INDEXES, "do not add indexes on converted foreign-key columns"));
                    o.addOption(flag(NO_DATA_CHECKS, "a quick schema-only look: skip the scans of the data (the report says so)"));
                    o.addOption(flag(RECHECK_FOREIGN_KEYS, RECHECK_HELP));
                    o.addOption(opt(LOCK_TIMEOUT, "how long a read waits for a table another session holds exclusively, then"
                            + " exit 5 (default 2s); a session that queues behind the plan ends it at once"));
                    o.addOption(opt(TABLESPACE, "put shadows, their indexes and change logs in this tablespace (default: beside each live object)"));
                }
                if (command.equals("verify")) {
                    o.addOption(opt(LOCK_TIMEOUT, "how long a read waits for a table another session holds exclusively, then"
                            + " exit 5 (default 2s); a session that queues behind verify ends it at once"));
                }
                if (command.equals("status")) {
                    o.addOption(flag(REPAIR, "validate the foreign keys a killed swap or swap-back left NOT VALID"));
                    o.addOption(opt(LOCK_TIMEOUT, "how long the look at the tables waits for one held exclusively (then it says"
                            + " so and shows the rest), and with --repair each validation (default 2s)"));
                }
            }
            case "prepare" -> {
                o.addOption(flag(NO_FK_INDEXES, "do not add indexes on converted foreign-key columns"));
                o.addOption(flag(RECHECK_FOREIGN_KEYS, RECHECK_HELP));
                o.addOption(opt(TABLESPACE, "put shadows, their indexes and change logs in this tablespace (default: beside each live object)"));
                o.addOption(opt(LOCK_TIMEOUT, "time per attempt for each capture trigger's lock (default 2s, capped at half of"
                        + " deadlock_timeout), and how long the checks wait for a table held exclusively"));
                o.addOption(opt(RETRIES, "attempts for each trigger lock (default 10)"));
            }
            case "copy" -> copyOptions(o);
            case "swap", "swap-back" -> {
                swapOptions(o);
                if (command.equals("swap")) {
                    o.addOption(flag(COMPAT_CAST, "create implicit varchar/text → uuid casts inside the swap (superuser)"));
                    o.addOption(flag(QUEUE_FOR_LOCKS, "queue for the exclusive locks and apply the last changes inside the swap, without"
                        + " the write barrier: for an application whose transactions keep reading, then writing the set's"
                        + " tables; a REPEATABLE READ transaction (pg_dump) started during the swap may miss the last rows"));
                }
            }
            case "finalize" -> {
                o.addOption(flag(CONFIRM, "really drop the old tables and reverse triggers"));
                o.addOption(opt(LOCK_TIMEOUT, "time per attempt for the drop's locks, and for each pending validation (default 2s)"));
                o.addOption(opt(RETRIES, "attempts for the drop's locks (default 10)"));
                o.addOption(flag(DROP_COMPAT_CAST, "drop the compatibility casts uuidswap created"));
            }
            case "run" -> {
                copyOptions(o);
                swapOptions(o);
                o.addOption(flag(NO_FK_INDEXES, "do not add indexes on converted foreign-key columns"));
                o.addOption(opt(TABLESPACE, "put shadows, their indexes and change logs in this tablespace (default: beside each live object)"));
                o.addOption(flag(NO_SWAP, "stop before the swap"));
                o.addOption(flag(RECHECK_FOREIGN_KEYS, RECHECK_HELP));
                o.addOption(flag(COMPAT_CAST, "create implicit varchar/text → uuid casts inside the swap (superuser)"));
                o.addOption(flag(QUEUE_FOR_LOCKS, "queue for the exclusive locks and apply the last changes inside the swap, without"
                        + " the write barrier: for an application whose transactions keep reading, then writing the set's"
                        + " tables; a REPEATABLE READ transaction (pg_dump) started during the swap may miss the last rows"));
            }
            case "bench" -> {
                o.addOption(opt(USERS, "users at the large size (default 1000000); the small size is a tenth"));
                o.addOption(opt(ROWS, "the same as --users"));
            }
            case "demo" -> {
                o.addOption(opt(USERS, "users to generate (default 20000)"));
                o.addOption(opt(ROWS, "the same as --users"));
                o.addOption(flag(KEEP, "keep the demo database"));
            }
            default -> { }
        }
        return o;
    }

    private static void copyOptions(Options o) {
        o.addOption(opt(BATCH_SIZE, "rows per commit of the copy and the catch-up (default 50000)"));
        o.addOption(opt(MAX_ROWS_PER_SECOND, "rate limit of the copy (default unlimited)"));
        o.addOption(opt(JOBS, "parallel copy workers per table on one snapshot (default 1)"));
        o.addOption(opt(MAX_REPLICA_LAG, "pause while a streaming replica is further behind than this: a time (10s)"
                + " or WAL bytes (64MB); a replica that disconnects or whose lag this role cannot read counts as behind"));
        o.addOption(opt(PAUSE_FILE, "pause while this file exists"));
    }

    private static void swapOptions(Options o) {
        o.addOption(opt(LOCK_TIMEOUT, "time per attempt, from the first lock request to commit or rollback, whatever the"
                + " number of tables (default 2s, capped at half of deadlock_timeout: 500ms with the server's default)"));
        o.addOption(opt(RETRIES, "attempts before giving up with exit 5 (default 10); with the pauses between them a run"
                + " gives up within " + worstCase() + " at the default timeout"));
    }

    /** The longest a swap's attempts take with the defaults, as --help states it. */
    private static String worstCase() {
        Duration d = LockRetry.worstCase(Duration.ofMillis(500), 10);
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static Option opt(String name, String desc) {
        return Option.builder().longOpt(name).hasArg().desc(desc).get();
    }

    private static Option flag(String name, String desc) {
        return Option.builder().longOpt(name).desc(desc).get();
    }
}
