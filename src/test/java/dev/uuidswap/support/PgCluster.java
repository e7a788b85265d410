package dev.uuidswap.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Servers of a test's own, started by .ci/pg from real PostgreSQL binaries of any major (a
 * standby, a major the suite's server is not): the same script CI uses for the version matrix.
 * Each is stopped and deleted by {@link #close()}.
 */
public final class PgCluster implements AutoCloseable {
    private final List<String> names = new ArrayList<>();

    /** Starts server {@code name} of major {@code major}; returns its port. */
    public int start(int major, String name) {
        int port = Integer.parseInt(run("start", Integer.toString(major), name));
        names.add(name);
        return port;
    }

    /** A streaming standby of server {@code primary}; returns its port. */
    public int standby(String name, String primary) {
        int port = Integer.parseInt(run("standby", name, primary));
        names.add(name);
        return port;
    }

    /** Stops a server and keeps its data. */
    public void halt(String name) {
        run("halt", name);
    }

    /** Starts a halted server again on its port. */
    public void resume(String name) {
        run("resume", name);
    }

    /** The major version of the suite's own server, so a test's extra servers match it. */
    public static int majorOf(TestDb db) {
        return Integer.parseInt(db.value("SELECT current_setting('server_version_num')")) / 10000;
    }

    public static String url(int port, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A superuser connection to one of these servers (trust authentication, user postgres). */
    public static Connection connect(String url) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        return DriverManager.getConnection(url, p);
    }

    /** Runs statements separated by ';' one by one (some, as CREATE TABLESPACE, refuse a transaction). */
    public static void exec(String url, String sql) throws SQLException {
        try (Connection c = connect(url); Statement st = c.createStatement()) {
            for (String s : sql.split(";")) {
                if (!s.isBlank()) {
                    st.execute(s);
                }
            }
        }
    }

    public static long count(String url, String sql) {
        try (Connection c = connect(url); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage() + " in: " + sql, e);
        }
    }

    private static String run(String... args) {
        List<String> cmd = new ArrayList<>(List.of("bash", ".ci/pg"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(".ci/pg " + String.join(" ", args) + " failed: " + out);
            }
            String[] lines = out.split("\n");
            return lines[lines.length - 1].strip();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (int i = names.size() - 1; i >= 0; i--) {
            run("stop", names.get(i));
        }
    }
}
