package dev.uuidswap.cli;

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
    public static final String NO_SWAP = "no-swap";
    public static final String KEEP = "keep";
    public static final String ROWS = "rows";
    public static final String USERS = "users";
    public static final String HELP = "help";
    public static final String PASSWORD = "password";

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
        o.addOption(flag(QUIET, "only errors and the result"));
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
                }
            }
            case "prepare" -> {
                o.addOption(flag(NO_FK_INDEXES, "do not add indexes on converted foreign-key columns"));
                o.addOption(opt(LOCK_TIMEOUT, "lock timeout per attempt for the capture triggers (default 2s)"));
                o.addOption(opt(RETRIES, "attempts for the trigger lock (default 10)"));
            }
            case "copy" -> copyOptions(o);
            case "swap", "swap-back" -> {
                swapOptions(o);
                if (command.equals("swap")) {
                    o.addOption(flag(COMPAT_CAST, "create implicit varchar/text → uuid casts inside the swap (superuser)"));
                }
            }
            case "finalize" -> {
                o.addOption(flag(CONFIRM, "really drop the old tables and reverse triggers"));
                o.addOption(flag(DROP_COMPAT_CAST, "drop the compatibility casts uuidswap created"));
            }
            case "run" -> {
                copyOptions(o);
                swapOptions(o);
                o.addOption(flag(NO_FK_INDEXES, "do not add indexes on converted foreign-key columns"));
                o.addOption(flag(NO_SWAP, "stop before the swap"));
                o.addOption(flag(COMPAT_CAST, "create implicit varchar/text → uuid casts inside the swap (superuser)"));
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
        o.addOption(opt(MAX_REPLICA_LAG, "pause while a streaming replica lags more than this (e.g. 10s)"));
        o.addOption(opt(PAUSE_FILE, "pause while this file exists"));
    }

    private static void swapOptions(Options o) {
        o.addOption(opt(LOCK_TIMEOUT, "lock timeout per attempt (default 2s)"));
        o.addOption(opt(RETRIES, "attempts before giving up with exit 5 (default 10)"));
    }

    private static Option opt(String name, String desc) {
        return Option.builder().longOpt(name).hasArg().desc(desc).get();
    }

    private static Option flag(String name, String desc) {
        return Option.builder().longOpt(name).desc(desc).get();
    }
}
