package dev.uuidswap.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Hands each test class a fresh database of its own and drops it afterwards. */
public final class PgExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PgExtension.class);

    @Override
    public void beforeAll(ExtensionContext ctx) throws Exception {
        PgServer server = PgServer.get();
        String cls = ctx.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT);
        String name = "t_" + cls.substring(0, Math.min(40, cls.length())) + "_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20));
        try (Connection c = server.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        ctx.getStore(NS).put("db", new TestDb(server, name));
    }

    @Override
    public void afterAll(ExtensionContext ctx) throws SQLException {
        TestDb db = ctx.getStore(NS).get("db", TestDb.class);
        if (db != null) {
            try (Connection c = db.server.connect("postgres"); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + db.name + " WITH (FORCE)");
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == TestDb.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return e.getStore(NS).get("db", TestDb.class);
    }
}
