package dev.uuidswap.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.uuidswap.config.Settings;
import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.UuidswapException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.session.TransactionIsolationLevel;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;

/**
 * The executor: owns the pool and the MyBatis session factory, hands out one session per unit of
 * work, and turns connection failures into a one-line exit-2 error without the password.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource pool;
    private final SqlSessionFactory factory;
    private final String displayUrl;

    private Database(HikariDataSource pool, String displayUrl) {
        this.pool = pool;
        this.displayUrl = displayUrl;
        Configuration cfg = new Configuration(new Environment("uuidswap", new JdbcTransactionFactory(), pool));
        cfg.setMapUnderscoreToCamelCase(false);
        cfg.setCallSettersOnNulls(true);
        cfg.setDefaultStatementTimeout(null);
        // No session-level result cache: uuidswap watches a database that changes under it, and a
        // repeated query in one session must ask the server again (the bench's lookups showed it).
        cfg.setLocalCacheScope(org.apache.ibatis.session.LocalCacheScope.STATEMENT);
        cfg.setCacheEnabled(false);
        for (Class<?> m : Mappers.ALL) {
            cfg.addMapper(m);
        }
        this.factory = new SqlSessionFactoryBuilder().build(cfg);
    }

    public static Database open(Settings s) {
        return open(s.jdbcUrl(), s.user(), s.password(), Math.max(4, s.jobs() + 3));
    }

    public static Database open(String url, String user, String password, int poolSize) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        if (user != null) {
            hc.setUsername(user);
        }
        if (password != null) {
            hc.setPassword(password);
        }
        hc.setMaximumPoolSize(poolSize);
        hc.setMinimumIdle(0);
        hc.setAutoCommit(false);
        hc.setConnectionTimeout(5_000);
        hc.setInitializationFailTimeout(1);
        hc.setPoolName("uuidswap");
        // Every name uuidswap writes is schema-qualified; an empty search path also makes the
        // server's deparsers (pg_get_viewdef, pg_get_constraintdef) qualify every name they print,
        // so the definitions can be replayed after the renames. Literal rendering relies on
        // standard_conforming_strings.
        // Sent in the startup packet, so no transaction is left open on a fresh connection.
        hc.addDataSourceProperty("options", "-c search_path=pg_catalog,pg_temp -c standard_conforming_strings=on");
        hc.addDataSourceProperty("connectTimeout", "5");
        hc.addDataSourceProperty("loginTimeout", "5");
        hc.addDataSourceProperty("ApplicationName", "uuidswap");
        try {
            return new Database(new HikariDataSource(hc), Settings.mask(url));
        } catch (RuntimeException e) {
            throw connectionError(Settings.mask(url), user, e);
        }
    }

    static UuidswapException connectionError(String url, String user, Throwable e) {
        SQLException sql = SqlStates.sqlException(e);
        String state = sql == null ? null : sql.getSQLState();
        String why;
        if (SqlStates.INVALID_PASSWORD.equals(state) || (state != null && state.startsWith("28"))) {
            why = "authentication failed for user " + user;
        } else if (SqlStates.INVALID_CATALOG_NAME.equals(state)) {
            why = "the database does not exist";
        } else if (state != null && state.startsWith("08")) {
            why = "the server does not answer (" + state + ")";
        } else {
            why = sql != null ? firstLine(sql.getMessage()) : e.getClass().getSimpleName();
        }
        return new UuidswapException(ExitCode.USAGE, "cannot connect to " + url + ": " + why, e);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    public String displayUrl() {
        return displayUrl;
    }

    /** One unit of work in READ COMMITTED: committed when {@code work} returns, rolled back otherwise. */
    public <T> T inTransaction(Function<SqlSession, T> work) {
        return inTransaction(TransactionIsolationLevel.READ_COMMITTED, work);
    }

    public <T> T inTransaction(TransactionIsolationLevel level, Function<SqlSession, T> work) {
        try (SqlSession s = factory.openSession(level)) {
            T result = work.apply(s);
            s.commit(true);
            return result;
        }
    }

    /** A session whose lifetime the caller manages (swap, snapshot export, the advisory lock). */
    public SqlSession openSession(TransactionIsolationLevel level) {
        return factory.openSession(level);
    }

    /** A raw connection for what only JDBC does (holding a session lock for the process lifetime). */
    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** The SQL a step will run, for previews and logs. */
    public String render(DdlStep step) {
        return step.render(factory.getConfiguration());
    }

    public int poolSize() {
        return pool.getMaximumPoolSize();
    }

    @Override
    public void close() {
        pool.close();
    }
}
