package dev.uuidswap.app;

import dev.uuidswap.support.TestDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An application as most are written: pgjdbc with prepared statements and setString for keys —
 * a lookup by primary key, a join on the child key, an insert into a child. One long-lived
 * connection, so pgjdbc server-prepares the statements after five uses, as in production.
 */
final class AppClient implements AutoCloseable {
    private final Connection c;
    private final PreparedStatement lookup;
    private final PreparedStatement join;
    private final PreparedStatement insert;
    final List<String> errors = new ArrayList<>();
    int ok;

    AppClient(TestDb db, String params) throws SQLException {
        c = params.isEmpty() ? db.connect() : db.connect(params);
        lookup = c.prepareStatement("SELECT display_name FROM users WHERE id = ?");
        join = c.prepareStatement("SELECT count(*) FROM users u JOIN journal_entries j ON j.user_id = u.id WHERE u.id = ?");
        insert = c.prepareStatement("INSERT INTO tags (id, user_id, name) VALUES (?, ?, ?)");
    }

    /** One round of the three statements for a user; errors are recorded with their SQLSTATE. */
    void round(String userId) {
        try {
            lookup.setString(1, userId);
            try (ResultSet rs = lookup.executeQuery()) {
                rs.next();
            }
            join.setString(1, userId);
            try (ResultSet rs = join.executeQuery()) {
                rs.next();
            }
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, userId);
            insert.setString(3, "app " + UUID.randomUUID());
            insert.executeUpdate();
            ok++;
        } catch (SQLException e) {
            errors.add(e.getSQLState() + " " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
