package dev.uuidswap.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Pattern;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one PostgreSQL server of a test run. Env UUIDSWAP_TEST_URL wins; else a Testcontainers
 * PostgreSQL where Docker answers; else the local server on 127.0.0.1:5432 as postgres. When none
 * answers the tests fail with this message: they are never skipped.
 */
public final class PgServer {
    private static PgServer instance;

    public final String host;
    public final int port;
    public final String user;
    public final String password;
    public final String source;

    private PgServer(String host, int port, String user, String password, String source) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.source = source;
    }

    public static synchronized PgServer get() {
        if (instance == null) {
            instance = locate();
        }
        return instance;
    }

    private static PgServer locate() {
        String url = System.getenv("UUIDSWAP_TEST_URL");
        if (url != null && !url.isBlank()) {
            var m = Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?/.*").matcher(url);
            if (!m.matches()) {
                throw new IllegalStateException("UUIDSWAP_TEST_URL must look like jdbc:postgresql://host:port/db");
            }
            String user = env("UUIDSWAP_TEST_USER", env("PGUSER", "postgres"));
            return check(new PgServer(m.group(1), m.group(2) == null ? 5432 : Integer.parseInt(m.group(2)), user,
                    System.getenv("UUIDSWAP_TEST_PASSWORD"), "UUIDSWAP_TEST_URL"));
        }
        if (dockerAnswers()) {
            PostgreSQLContainer c = new PostgreSQLContainer("postgres:15-alpine");
            c.start();
            Runtime.getRuntime().addShutdownHook(new Thread(c::stop));
            return check(new PgServer(c.getHost(), c.getMappedPort(5432), c.getUsername(), c.getPassword(), "Testcontainers"));
        }
        return check(new PgServer("127.0.0.1", 5432, "postgres", null, "local server 127.0.0.1:5432"));
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable t) {
            return false;
        }
    }

    private static PgServer check(PgServer s) {
        try (Connection c = s.connect("postgres")) {
            return s;
        } catch (SQLException e) {
            throw new IllegalStateException("no PostgreSQL for the tests (" + s.source + " at " + s.host + ":" + s.port
                    + " does not answer: " + e.getMessage() + "). Start one (bash .ci/run does) or set UUIDSWAP_TEST_URL.");
        }
    }

    private static String env(String k, String d) {
        String v = System.getenv(k);
        return v == null || v.isBlank() ? d : v;
    }

    public String url(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("connectTimeout", "5");
        p.setProperty("loginTimeout", "10");
        return DriverManager.getConnection(url(database), p);
    }
}
