package dev.uuidswap.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The application: writes to the sample schema on its own connection while uuidswap works —
 * inserts with children, updates, key changes, deletes that cascade, one TRUNCATE — and records
 * every acknowledged (committed) write, so a test can prove each one is present afterwards.
 * Its statements bind keys with setObject(…, Types.OTHER), which works against varchar and uuid.
 * Used by the demo and by the tests.
 */
public final class DemoWriter implements AutoCloseable {
    /** Opens the writer's connection (autocommit is switched off here). */
    public interface ConnectionSource {
        Connection open() throws SQLException;
    }

    private final ConnectionSource source;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong ops = new AtomicLong();
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    /** Users inserted and not deleted: their ids and display names as last committed. */
    public final Map<String, String> liveUsers = new ConcurrentHashMap<>();
    public final Set<String> deletedUsers = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private final boolean truncate;

    public DemoWriter(ConnectionSource source, boolean truncateOnce) {
        this.source = source;
        this.truncate = truncateOnce;
        this.thread = new Thread(this::loop, "sample-writer");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        // The source should give prepareThreshold=0: a statement pgjdbc server-prepares before the
        // swap keeps varchar parameter types after it (42804); this writer models an application
        // made ready for the swap (runbooks/07-application.md).
        try (Connection c = source.open()) {
            c.setAutoCommit(false);
            boolean truncated = !truncate;
            while (running.get()) {
                try {
                    step(c, ThreadLocalRandom.current().nextInt(10));
                    if (!truncated && ops.get() > 200) {
                        try (Statement s = c.createStatement()) {
                            s.execute("TRUNCATE secret_tags");
                        }
                        c.commit();
                        truncated = true;
                    }
                    ops.incrementAndGet();
                } catch (SQLException e) {
                    errors.add(e.getSQLState() + " " + e.getMessage());
                    c.rollback();
                }
            }
        } catch (SQLException e) {
            errors.add("connection: " + e.getMessage());
        }
    }

    private void step(Connection c, int op) throws SQLException {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        if (op <= 3 || liveUsers.size() < 5) {
            String id = UUID.randomUUID().toString();
            String name = "w" + r.nextInt(1_000_000);
            exec(c, "INSERT INTO users (id, email, display_name) VALUES (?, ?, ?)", id, id + "@w.example", name);
            exec(c, "INSERT INTO journal_entries (id, user_id, title, mood) VALUES (?, ?, 'w', 3)", UUID.randomUUID().toString(), id);
            exec(c, "INSERT INTO tags (id, user_id, name) VALUES (?, ?, 'w')", UUID.randomUUID().toString(), id);
            c.commit();
            liveUsers.put(id, name);
            return;
        }
        String id = pick();
        if (op <= 5) {
            String name = "u" + r.nextInt(1_000_000);
            exec(c, "UPDATE users SET display_name = ? WHERE id = ?", name, id);
            exec(c, "UPDATE journal_entries SET body = ? WHERE user_id = ?", name, id);
            c.commit();
            liveUsers.put(id, name);
        } else if (op == 6) {
            // A key change: move the user's children to a new key, then drop the old key.
            String nid = UUID.randomUUID().toString();
            String name = liveUsers.get(id);
            exec(c, "INSERT INTO users (id, email, display_name) SELECT ?, email || '.moved', display_name FROM users WHERE id = ?", nid, id);
            exec(c, "UPDATE journal_entries SET user_id = ? WHERE user_id = ?", nid, id);
            exec(c, "UPDATE tags SET user_id = ? WHERE user_id = ?", nid, id);
            exec(c, "UPDATE reminders SET user_id = ? WHERE user_id = ?", nid, id);
            exec(c, "UPDATE secret_tags SET user_id = ? WHERE user_id = ?", nid, id);
            exec(c, "DELETE FROM users WHERE id = ?", id);
            c.commit();
            liveUsers.remove(id);
            deletedUsers.add(id);
            liveUsers.put(nid, name);
        } else if (op == 7) {
            exec(c, "DELETE FROM users WHERE id = ?", id); // cascades to the children
            c.commit();
            liveUsers.remove(id);
            deletedUsers.add(id);
        } else if (op == 8) {
            exec(c, "INSERT INTO reminders (id, user_id, remind_at) VALUES (?, ?, now())", UUID.randomUUID().toString(), id);
            c.commit();
        } else {
            // A key change in place: UPDATE of the primary key of a user without children.
            String a = UUID.randomUUID().toString();
            String b = UUID.randomUUID().toString();
            exec(c, "INSERT INTO users (id, email, display_name) VALUES (?, ?, 'k')", a, a + "@k.example");
            exec(c, "UPDATE users SET id = ? WHERE id = ?", b, a);
            c.commit();
            deletedUsers.add(a);
            liveUsers.put(b, "k");
        }
    }

    private String pick() {
        List<String> ids = new ArrayList<>(liveUsers.keySet());
        return ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
    }

    private static void exec(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i], Types.OTHER);
            }
            ps.executeUpdate();
        }
    }

    public long ops() {
        return ops.get();
    }

    public List<String> errors() {
        return List.copyOf(errors);
    }

    /**
     * Waits until at least {@code n} more operations committed; fails when the writer saw an error
     * or made no progress for 30 s (a test "under a concurrent writer" must have one).
     */
    public void awaitOps(long n) throws InterruptedException {
        long target = ops.get() + n;
        long seen = ops.get();
        long lastProgress = System.currentTimeMillis();
        while (ops.get() < target) {
            if (!errors.isEmpty()) {
                throw new IllegalStateException("the writer failed: " + errors.get(0));
            }
            if (ops.get() != seen) {
                seen = ops.get();
                lastProgress = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - lastProgress > 30_000) {
                throw new IllegalStateException("the writer made no progress for 30 s (" + seen + " operations)");
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(30_000);
    }
}
