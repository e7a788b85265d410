package dev.uuidswap.config;

import dev.uuidswap.model.ColumnRef;
import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.model.UuidswapException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Builds {@link Settings} in one place, last wins: defaults, then the environment (UUIDSWAP_URL,
 * libpq's PG* variables, ~/.pgpass), then the command line. Every value is checked here with an
 * exact message, so nothing later has to.
 */
public final class SettingsLoader {
    /** What the command line said; a name maps to its value(s), flags to "true". */
    public interface Args {
        String get(String name);

        List<String> all(String name);

        boolean has(String name);
    }

    private final Map<String, String> env;
    private final Path home;

    public SettingsLoader(Map<String, String> env, Path home) {
        this.env = env;
        this.home = home;
    }

    public Settings load(String command, Args a) {
        if (a.has("password")) {
            throw usage("--password is not accepted (it would show in ps and shell history): use --password-file FILE or PGPASSWORD");
        }
        String user = first(a.get("user"), env.get("PGUSER"));
        String url = first(a.get("url"), env.get("UUIDSWAP_URL"));
        if (url == null) {
            String host = first(env.get("PGHOST"), "localhost");
            if (host.startsWith("/")) {
                host = "localhost"; // a socket directory: pgjdbc speaks TCP only
            }
            String port = first(env.get("PGPORT"), "5432");
            String db = first(env.get("PGDATABASE"), user, System.getProperty("user.name"));
            url = "jdbc:postgresql://" + host + ":" + port + "/" + db;
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            throw usage("not a PostgreSQL JDBC URL: " + Masking.mask(url) + " (expected jdbc:postgresql://host:port/database)");
        }
        if (user == null && !url.contains("user=")) {
            user = first(env.get("PGUSER"), System.getProperty("user.name"));
        }
        String password = passwordFrom(a.get("password-file"), url, user);

        List<ColumnRef> also = new ArrayList<>();
        for (String s : a.all("also")) {
            also.add(parse(s, ColumnRef::parse, "--also"));
        }
        String format = first(a.get("format"), "text").toLowerCase();
        if (!List.of("text", "markdown", "json", "html").contains(format)) {
            throw usage("--format must be text, markdown, json or html, not " + format);
        }
        return new Settings(command, url, user, password,
                parse(first(a.get("table"), "public.users"), TableRef::parse, "--table"),
                also, format, a.get("output") == null ? null : Path.of(a.get("output")),
                (int) positive(a, "batch-size", 50_000, 1_000_000_000),
                positive(a, "max-rows-per-second", 0, Long.MAX_VALUE),
                (int) positive(a, "jobs", 1, 64),
                duration(a, "lock-timeout", Duration.ofSeconds(2)),
                (int) positive(a, "retries", 10, 1000),
                lagMillis(a), lagBytes(a),
                a.get("pause-file") == null ? null : Path.of(a.get("pause-file")),
                a.get("tablespace") == null ? null : parse(a.get("tablespace"), Ident::of, "--tablespace"),
                a.has("quiet"), a.has("verbose"), a.has("no-fk-indexes"), a.has("no-data-checks"),
                a.has("recheck-foreign-keys"), a.has("confirm"),
                a.has("compat-cast"), a.has("queue-for-locks"), a.has("drop-compat-cast"), a.has("no-swap"), a.has("repair"), a.has("keep"),
                users(a, command.equals("bench") ? 1_000_000 : 20_000),
                a.get("url") != null || env.get("UUIDSWAP_URL") != null,
                a.get("user") != null || env.get("PGUSER") != null);
    }

    private String passwordFrom(String passwordFile, String url, String user) {
        if (passwordFile != null) {
            try {
                List<String> lines = Files.readAllLines(Path.of(passwordFile));
                return lines.isEmpty() ? "" : lines.get(0);
            } catch (IOException e) {
                throw usage("cannot read --password-file " + passwordFile);
            }
        }
        if (env.get("PGPASSWORD") != null) {
            return env.get("PGPASSWORD");
        }
        Path pgpass = env.get("PGPASSFILE") != null ? Path.of(env.get("PGPASSFILE")) : home.resolve(".pgpass");
        try {
            URI u = URI.create(url.substring("jdbc:".length()));
            String db = u.getPath() == null ? "" : u.getPath().replaceFirst("^/", "");
            int port = u.getPort() < 0 ? 5432 : u.getPort();
            return PgPass.lookup(pgpass, u.getHost(), port, db, user == null ? "" : user).orElse(null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|kB|MB|GB)", Pattern.CASE_INSENSITIVE);

    /** --max-replica-lag as a time (10s, 500ms): replay time behind. */
    private static Long lagMillis(Args a) {
        String v = a.get("max-replica-lag");
        return v == null || SIZE.matcher(v.trim()).matches() ? null : duration(a, "max-replica-lag", null).toMillis();
    }

    /** --max-replica-lag as a size (64MB): WAL bytes behind. */
    private static Long lagBytes(Args a) {
        String v = a.get("max-replica-lag");
        if (v == null) {
            return null;
        }
        var m = SIZE.matcher(v.trim());
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "KB" -> n * 1024;
            case "MB" -> n * 1024 * 1024;
            case "GB" -> n * 1024 * 1024 * 1024;
            default -> n;
        };
    }

    /** --users N, or --rows N as the first version spelled it; not both. */
    private static long users(Args a, long dflt) {
        if (a.get("users") != null && a.get("rows") != null) {
            throw usage("give --users or --rows, not both");
        }
        return positive(a, a.get("users") != null ? "users" : "rows", dflt, 100_000_000);
    }

    private static long positive(Args a, String name, long dflt, long max) {
        String v = a.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.replace("_", ""));
            if (n < 1 || n > max) {
                throw usage("--" + name + " must be between 1 and " + max + ", not " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw usage("--" + name + " must be a whole number, not " + v);
        }
    }

    /** Accepts 500ms, 2s, 1m or a bare number of seconds. */
    static Duration duration(Args a, String name, Duration dflt) {
        String v = a.get(name);
        if (v == null) {
            return dflt;
        }
        var m = Pattern.compile("(\\d+)(ms|s|m)?").matcher(v.trim());
        if (!m.matches()) {
            throw usage("--" + name + " must look like 500ms, 2s or 1m" + (name.equals("max-replica-lag") ? " (or a size: 64MB)" : "")
                    + ", not " + v);
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d = switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.isZero() || d.toHours() > 24) {
            throw usage("--" + name + " must be more than 0 and at most 24h, not " + v);
        }
        return d;
    }

    private static <T> T parse(String s, Function<String, T> f, String what) {
        try {
            return f.apply(s);
        } catch (IllegalArgumentException e) {
            throw usage(what + ": " + e.getMessage());
        }
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static UuidswapException usage(String msg) {
        return new UuidswapException(ExitCode.USAGE, msg);
    }
}
