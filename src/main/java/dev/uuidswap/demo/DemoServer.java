package dev.uuidswap.demo;

import dev.uuidswap.db.Database;
import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.UuidswapException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Where the demo runs: the URL given (--url or the environment); else PostgreSQL on
 * localhost:5432; else a throwaway Testcontainers PostgreSQL where Docker runs; else one sentence
 * saying how to give it one. It creates a database of its own and drops it at the end.
 */
public final class DemoServer implements AutoCloseable {
    private final String hostPort;
    private final String user;
    private final String password;
    private final AutoCloseable container;
    public final String description;
    public final String database;

    private DemoServer(String hostPort, String user, String password, AutoCloseable container, String description) {
        this.hostPort = hostPort;
        this.user = user;
        this.password = password;
        this.container = container;
        this.description = description;
        this.database = "uuidswap_demo_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
    }

    /** {@code givenUrl}: the URL the DBA gave, or null. */
    public static DemoServer locate(String givenUrl, String user, String password) {
        if (givenUrl != null) {
            var m = Pattern.compile("jdbc:postgresql://([^/?]+)/([^?]*).*").matcher(givenUrl);
            if (!m.matches()) {
                throw new UuidswapException(ExitCode.USAGE, "demo needs a URL like jdbc:postgresql://host:5432/postgres");
            }
            DemoServer s = new DemoServer(m.group(1), user, password, null, "the server at " + m.group(1));
            s.check(m.group(2).isEmpty() ? "postgres" : m.group(2));
            return s;
        }
        DemoServer local = new DemoServer("localhost:5432", user, password, null, "PostgreSQL on localhost:5432");
        try {
            local.check("postgres");
            return local;
        } catch (UuidswapException e) {
            if (e.exitCode() != ExitCode.USAGE) {
                throw e; // a server that answers but is too old: say so, do not look elsewhere
            }
            DemoServer c = container();
            if (c != null) {
                return c;
            }
            throw new UuidswapException(ExitCode.USAGE, "demo: no PostgreSQL on localhost:5432 and no Docker for a"
                    + " throwaway one; start PostgreSQL or pass --url jdbc:postgresql://host:5432/postgres (and --user)");
        }
    }

    private static DemoServer container() {
        try {
            if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
                return null;
            }
            var pg = new org.testcontainers.postgresql.PostgreSQLContainer("postgres:15-alpine");
            pg.start();
            return new DemoServer(pg.getHost() + ":" + pg.getMappedPort(5432), pg.getUsername(), pg.getPassword(), pg::stop,
                    "a throwaway Testcontainers PostgreSQL");
        } catch (Throwable t) {
            return null;
        }
    }

    private void check(String db) {
        try (Connection c = connect(db, "")) {
            var md = c.getMetaData();
            Database.requireSupported(new Database.ServerVersion(md.getDatabaseMajorVersion(),
                    md.getDatabaseProductVersion().split(" ")[0]));
        } catch (SQLException e) {
            throw new UuidswapException(ExitCode.USAGE, "demo: cannot connect to " + hostPort + " as " + user, e);
        }
    }

    public String url() {
        return "jdbc:postgresql://" + hostPort + "/" + database;
    }

    public Connection connect(String db, String params) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("connectTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://" + hostPort + "/" + db + (params.isEmpty() ? "" : "?" + params), p);
    }

    /** Creates the demo database and loads the sample schema with {@code users} users. */
    public void createAndLoad(long users) throws SQLException {
        try (Connection c = connect("postgres", ""); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database); // a name this class made: letters, digits, underscore
        }
        try (Connection c = connect(database, ""); Statement s = c.createStatement()) {
            s.execute(resource("schema.sql"));
            s.execute("SET uuidswap.users = " + users + ";\n" + resource("generate.sql"));
        }
    }

    public void drop() throws SQLException {
        try (Connection c = connect("postgres", ""); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    static String resource(String name) {
        try (InputStream in = DemoServer.class.getResourceAsStream("/dev/uuidswap/sample/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new UuidswapException(ExitCode.INTERNAL, "the sample schema is missing from the jar: " + name);
        }
    }

    @Override
    public void close() throws Exception {
        if (container != null) {
            container.close();
        }
    }
}
