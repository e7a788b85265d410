package dev.uuidswap.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.UuidswapException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.LocalCacheScope;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.session.TransactionIsolationLevel;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;

/**
 * The executor: owns the pool and the MyBatis session factory, hands out one session per unit of
 * work, checks the server version before anything else, and turns connection failures into a
 * one-line exit-2 error without the password.
 */
public final class Database implements AutoCloseable {
    /** TID range scans (the copy's heap-block ranges) and hash_record_extended (verify) are 14+. */
    public static final int MIN_MAJOR = 14;

    private final HikariDataSource pool;
    private final SqlSessionFactory factory;
    private final ServerVersion version;

    /** The server's version as its startup message gave it: no query needed to read it. */
    public record ServerVersion(int major, String text) {
    }

    private Database(HikariDataSource pool, Collection<Class<?>> mappers) {
        this.pool = pool;
        this.factory = new SqlSessionFactoryBuilder().build(configuration(
                new Environment("uuidswap", new JdbcTransactionFactory(), pool), mappers));
        this.version = readVersion();
    }

    /**
     * The MyBatis configuration every session uses; with a null environment it renders statements
     * without a server (the fast tests render the DDL this way).
     */
    public static Configuration configuration(Environment env, Collection<Class<?>> mappers) {
        Configuration cfg = env == null ? new Configuration() : new Configuration(env);
        cfg.setMapUnderscoreToCamelCase(true);
        cfg.setArgNameBasedConstructorAutoMapping(true);
        cfg.setCallSettersOnNulls(true);
        cfg.setDefaultStatementTimeout(null);
        // No session-level result cache: uuidswap watches a database that changes under it, and a
        // repeated query in one session must ask the server again (the bench's lookups showed it).
        cfg.setLocalCacheScope(LocalCacheScope.STATEMENT);
        cfg.setCacheEnabled(false);
        cfg.getTypeHandlerRegistry().register(List.class, new TextListHandler());
        cfg.addMapper(SessionMapper.class);
        mappers.forEach(cfg::addMapper);
        return cfg;
    }

    /**
     * Opens the pool and checks the server version first: below {@link #MIN_MAJOR} nothing else
     * is asked of the server (exit 3).
     */
    public static Database open(String url, String user, String password, int poolSize, Collection<Class<?>> mappers) {
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
        // Sent in the startup packet, so no transaction is left open on a fresh connection.
        // An empty search path makes the server's deparsers (pg_get_viewdef, pg_get_constraintdef)
        // qualify every name they print, so definitions replay after the renames; literals rely on
        // standard_conforming_strings. A role's statement or idle-in-transaction timeout would kill
        // the copy's snapshot or an index build half-way: uuidswap bounds its own statements.
        hc.addDataSourceProperty("options", "-c search_path=pg_catalog,pg_temp -c standard_conforming_strings=on"
                + " -c statement_timeout=0 -c idle_in_transaction_session_timeout=0");
        // transaction_timeout exists from 17 on; a startup option the server does not know fails the login.
        hc.setConnectionInitSql("SELECT CASE WHEN current_setting('server_version_num')::int >= 170000"
                + " THEN set_config('transaction_timeout', '0', false) END");
        // Commit the init statement: with autocommit off it would leave the connection in a transaction.
        hc.setIsolateInternalQueries(true);
        hc.addDataSourceProperty("connectTimeout", "5");
        hc.addDataSourceProperty("loginTimeout", "5");
        hc.addDataSourceProperty("ApplicationName", "uuidswap");
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw Connections.error(url, user, e);
        }
        try {
            return new Database(ds, mappers);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
    }

    private ServerVersion readVersion() {
        try (Connection c = pool.getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            String text = md.getDatabaseProductVersion().split(" ")[0];
            ServerVersion v = new ServerVersion(md.getDatabaseMajorVersion(), text);
            c.rollback();
            requireSupported(v);
            return v;
        } catch (SQLException e) {
            throw new UuidswapException(ExitCode.USAGE, "cannot read the server version: " + SqlStates.firstLine(e), e);
        }
    }

    /** Exit 3 below {@link #MIN_MAJOR}, before anything else is asked of the server. */
    public static void requireSupported(ServerVersion v) {
        if (v.major() < MIN_MAJOR) {
            throw new UuidswapException(ExitCode.BLOCKED, "PostgreSQL " + v.text() + " is not supported: "
                    + MIN_MAJOR + " or newer is required; nothing was changed");
        }
    }

    public ServerVersion version() {
        return version;
    }

    /** Exit 2 on a hot standby: every write would fail there, after the checks had passed. */
    public void requireWritable(String command) {
        if (inTransaction(s -> s.getMapper(SessionMapper.class).inRecovery())) {
            throw new UuidswapException(ExitCode.USAGE, command + ": the server is a read-only standby (in recovery);"
                    + " run uuidswap against the primary");
        }
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

    /**
     * Statements that cannot run inside a transaction block (CREATE/DROP DATABASE, VACUUM), each
     * committed on its own. The connection goes back to the pool in autocommit off again.
     */
    public <T> T autocommit(Function<SqlSession, T> work) {
        try (SqlSession s = factory.openSession(true)) {
            return work.apply(s);
        }
    }

    /** A session whose lifetime the caller manages (swap, snapshot export, the advisory lock). */
    public SqlSession openSession(TransactionIsolationLevel level) {
        return factory.openSession(level);
    }

    /** Takes a connection out of the pool for good (after it was closed): a cancel sent to it may still be on its way. */
    public void evict(Connection c) {
        pool.evictConnection(c);
    }

    /** The SQL a step will run, for previews and logs. */
    public String render(DdlStep step) {
        return step.render(factory.getConfiguration());
    }

    public Configuration configuration() {
        return factory.getConfiguration();
    }

    @Override
    public void close() {
        pool.close();
    }
}
