package dev.uuidswap.support;

import dev.uuidswap.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A database of its own for one test class, with the helpers tests share. */
public final class TestDb {
    public final PgServer server;
    public final String name;

    TestDb(PgServer server, String name) {
        this.server = server;
        this.name = name;
    }

    public String url() {
        return server.url(name);
    }

    public Connection connect() throws SQLException {
        return server.connect(name);
    }

    /** A connection with extra pgjdbc URL parameters, e.g. {@code stringtype=unspecified}. */
    public Connection connect(String params) throws SQLException {
        return server.connect(name + "?" + params);
    }

    /** Runs statements (a script with several statements is fine) in autocommit. */
    public void exec(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage() + " in: " + sql, e);
        }
    }

    /** A role of the cluster (roles outlive the test's database): created unless it exists. */
    public void role(String name, String options) {
        exec("DO $r$ BEGIN CREATE ROLE " + q(name) + " " + options + "; EXCEPTION WHEN duplicate_object THEN NULL; END $r$");
    }

    /** Rows as lists of strings (NULL as null). */
    public List<List<String>> rows(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<List<String>> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> r = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    r.add(rs.getString(i));
                }
                out.add(r);
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage() + " in: " + sql, e);
        }
    }

    public String value(String sql) {
        List<List<String>> r = rows(sql);
        return r.isEmpty() ? null : r.get(0).get(0);
    }

    public long count(String sql) {
        return Long.parseLong(value(sql));
    }

    public void loadSample(int users) {
        exec(resource("/dev/uuidswap/sample/schema.sql"));
        exec("SET uuidswap.users = " + users + ";\n" + resource("/dev/uuidswap/sample/generate.sql"));
    }

    public static String resource(String path) {
        try (InputStream in = TestDb.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A snapshot of the catalog of user objects: proves a command changed nothing (or everything back). */
    public String catalogFingerprint() {
        return String.join("\n", rows("""
                SELECT n.nspname || '.' || c.relname || ':' || c.relkind::text || ':' ||
                       coalesce((SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                                 || CASE WHEN a.attnotnull THEN ' NN' ELSE '' END, ',' ORDER BY a.attnum)
                                   FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '') || ':' ||
                       coalesce((SELECT string_agg(con.conname || '=' || pg_get_constraintdef(con.oid), ',' ORDER BY con.conname)
                                   FROM pg_constraint con WHERE con.conrelid = c.oid), '') || ':' ||
                       coalesce((SELECT string_agg(t.tgname, ',' ORDER BY t.tgname) FROM pg_trigger t
                                  WHERE t.tgrelid = c.oid AND NOT t.tgisinternal), '') || ':' ||
                       coalesce(c.relacl::text, '') || ':' || pg_get_userbyid(c.relowner)
                  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
                 ORDER BY 1""").stream().map(r -> r.get(0)).toList())
                + "\nfunctions:" + value("SELECT string_agg(p.oid::regprocedure::text, ',' ORDER BY 1) FROM pg_proc p"
                + " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')")
                + "\nschemas:" + value("SELECT string_agg(nspname, ',' ORDER BY 1) FROM pg_namespace");
    }

    /** An order-independent checksum of a table's rows, computed independently of uuidswap. */
    public String checksum(String table) {
        return value("SELECT count(*) || ':' || coalesce(sum(hashtextextended(t::text, 7)), 0) FROM " + table + " t");
    }

    /**
     * Rows that differ between a string-keyed table and its uuid counterpart, computed by the test
     * alone: columns that are uuid on one side and not the other are cast, then EXCEPT ALL both ways.
     */
    public long differences(String schema, String a, String b) {
        List<List<String>> cols = rows("SELECT x.column_name, x.data_type, y.data_type FROM information_schema.columns x"
                + " JOIN information_schema.columns y ON y.table_schema = x.table_schema AND y.column_name = x.column_name"
                + " WHERE x.table_schema = '" + schema + "' AND x.table_name = '" + a + "' AND y.table_name = '" + b + "'"
                + " ORDER BY x.ordinal_position");
        StringBuilder ca = new StringBuilder();
        StringBuilder cb = new StringBuilder();
        for (List<String> c : cols) {
            String q = "\"" + c.get(0).replace("\"", "\"\"") + "\"";
            boolean cast = !c.get(1).equals(c.get(2));
            ca.append(ca.length() == 0 ? "" : ", ").append(q).append(cast && !c.get(1).equals("uuid") ? "::text::uuid" : "");
            cb.append(cb.length() == 0 ? "" : ", ").append(q).append(cast && !c.get(2).equals("uuid") ? "::text::uuid" : "");
        }
        String ta = q(schema) + "." + q(a);
        String tb = q(schema) + "." + q(b);
        return count("SELECT count(*) FROM ((SELECT " + ca + " FROM " + ta + " EXCEPT ALL SELECT " + cb + " FROM " + tb
                + ") UNION ALL (SELECT " + cb + " FROM " + tb + " EXCEPT ALL SELECT " + ca + " FROM " + ta + ")) d");
    }

    public static String q(String ident) {
        return "\"" + ident.replace("\"", "\"\"") + "\"";
    }

    /** The CLI in a JVM of its own against this database; output to {@code log}, or nowhere when null. */
    public Process process(Path log, String... args) throws IOException {
        return CliProcess.start(url(), server.user, server.password, log, args);
    }

    /** Runs the CLI in-process against this database. */
    public Result cli(String... args) {
        return cliWithEnv(Map.of(), args);
    }

    public Result cliWithEnv(Map<String, String> extraEnv, String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        boolean hasUrl = a.contains("--url");
        if (!hasUrl && a.size() > 0 && !a.contains("--help")) {
            a.add("--url");
            a.add(url());
        }
        Map<String, String> env = new HashMap<>();
        env.put("PGUSER", server.user);
        if (server.password != null) {
            env.put("PGPASSWORD", server.password);
        }
        env.putAll(extraEnv);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env)
                .run(a.toArray(String[]::new));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    public record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }
}
