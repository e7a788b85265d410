package dev.uuidswap.cutover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uuidswap.db.LockRetry;
import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A parent and three children; two sessions hold ROW EXCLUSIVE on two children for 0.42 s, and an
 * application transaction updates the third child, then reads the parent. The swap locks the
 * parent first, then waits for the children: with lock_timeout per table the application waited
 * up to tables × timeout and was killed as a deadlock victim. With one deadline per attempt it
 * never waits longer than that (capped below deadlock_timeout), is never a victim, and the swap
 * and the swap-back go through and say how long the application may have waited. A run that
 * cannot get its locks ends within the bound --help states.
 */
@ExtendWith(PgExtension.class)
class TheApplicationNeverWaitsLongerThanOneTimeout {
    static TestDb db;
    static final long TIMEOUT = 500;
    static final long MARGIN = 300;

    @BeforeAll
    static void schema(TestDb d) {
        db = d;
        db.exec("""
                CREATE SCHEMA w;
                CREATE TABLE w.p (id varchar(36) PRIMARY KEY, n int);
                CREATE TABLE w.c1 (id serial PRIMARY KEY, p_id varchar(36) REFERENCES w.p);
                CREATE TABLE w.c2 (id serial PRIMARY KEY, p_id varchar(36) REFERENCES w.p);
                CREATE TABLE w.c3 (id serial PRIMARY KEY, p_id varchar(36) REFERENCES w.p, v int DEFAULT 0);
                INSERT INTO w.p SELECT md5(g::text)::uuid::text, g FROM generate_series(1, 200) g;
                INSERT INTO w.c3 (p_id) SELECT id FROM w.p;
                """);
        assertEquals(0, db.cli("run", "--no-swap", "--table", "w.p").code());
    }

    @Test
    void twoChildrenHeldAndAnApplicationReadingTheParentAfterTheThird() throws Exception {
        for (String cmd : List.of("swap", "swap-back", "swap", "swap-back")) {
            if (cmd.equals("swap")) {
                assertEquals(0, db.cli("verify", "--table", "w.p").code());
            }
            Contention c = new Contention();
            c.hold();
            var swap = CompletableFuture.supplyAsync(() -> db.cli(cmd, "--table", "w.p", "--lock-timeout", TIMEOUT + "ms"));
            c.run();
            var r = swap.get();
            c.stop();
            assertEquals(0, r.code(), () -> cmd + ": " + r);
            assertEquals(null, c.appError.get(), cmd + ": the application transaction failed");
            assertTrue(c.appWait.get() < TIMEOUT + MARGIN, cmd + ": the application waited " + c.appWait.get() + " ms");
            assertTrue(c.worstProbe.get() < TIMEOUT + MARGIN, cmd + ": a parent query stalled " + c.worstProbe.get() + " ms");
            Matcher m = Pattern.compile("the application waited at most ([0-9.]+) ms").matcher(r.out());
            assertTrue(m.find(), r.out());
            assertTrue(Double.parseDouble(m.group(1)) < TIMEOUT + MARGIN, r.out());
        }
    }

    @Test
    void aRunThatNeverGetsItsLocksEndsWithinTheStatedBound() throws Exception {
        String help = db.cli("swap", "--help").out();
        assertTrue(help.contains("gives up within " + String.format(Locale.ROOT, "%.1f s",
                LockRetry.worstCase(Duration.ofMillis(500), 10).toMillis() / 1000.0)), help);
        try (Connection holder = db.connect(); Statement st = holder.createStatement()) {
            holder.setAutoCommit(false);
            st.execute("LOCK TABLE w.c2 IN ROW EXCLUSIVE MODE");
            String cmd = db.value("SELECT phase FROM uuidswap.migration").equals("SWAPPED") ? "swap-back" : "swap";
            if (cmd.equals("swap")) {
                assertEquals(0, db.cli("verify", "--table", "w.p").code());
            }
            long t0 = System.nanoTime();
            var r = db.cli(cmd, "--table", "w.p", "--lock-timeout", "300ms", "--retries", "4");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            holder.rollback();
            assertEquals(5, r.code(), r::toString);
            long bound = LockRetry.worstCase(Duration.ofMillis(300), 4).toMillis();
            assertTrue(ms < bound + 2_000, "gave up after " + ms + " ms; the bound is " + bound + " ms");
        }
    }

    /** The sessions of the scenario, and what the application saw. */
    static final class Contention {
        final AtomicLong appWait = new AtomicLong();
        final AtomicLong worstProbe = new AtomicLong();
        final AtomicReference<String> appError = new AtomicReference<>();
        final AtomicBoolean probing = new AtomicBoolean(true);
        Thread probe;

        void run() throws Exception {
            probe = new Thread(() -> {
                try (Connection c = db.connect(); Statement st = c.createStatement()) {
                    while (probing.get()) {
                        long t0 = System.nanoTime();
                        st.executeQuery("SELECT count(*) FROM w.p").close();
                        worstProbe.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
                        Thread.sleep(5);
                    }
                } catch (Exception e) {
                    appError.compareAndSet(null, "probe: " + e.getMessage());
                }
            });
            probe.start();
            // The swap has the parent and waits for c1 now.
            long deadline = System.currentTimeMillis() + 20_000;
            while (db.count("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                    + " WHERE a.application_name = 'uuidswap' AND NOT l.granted") == 0) {
                assertTrue(System.currentTimeMillis() < deadline, "the swap never waited for a lock");
                Thread.sleep(5);
            }
            release.countDown();
            try (Connection app = db.connect(); Statement st = app.createStatement()) {
                app.setAutoCommit(false);
                st.execute("UPDATE w.c3 SET v = v + 1 WHERE id = 1");
                long t0 = System.nanoTime();
                st.executeQuery("SELECT count(*) FROM w.p").close();
                appWait.set((System.nanoTime() - t0) / 1_000_000);
                app.commit();
            } catch (SQLException e) {
                appError.set(e.getSQLState() + " " + e.getMessage());
            }
            h1.get();
            h2.get();
        }

        final CountDownLatch held = new CountDownLatch(2);
        final CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> h1;
        CompletableFuture<Void> h2;

        /** ROW EXCLUSIVE on c1 and c2, until 0.42 s after the swap started waiting. */
        void hold() throws InterruptedException {
            h1 = CompletableFuture.runAsync(() -> hold("w.c1"));
            h2 = CompletableFuture.runAsync(() -> hold("w.c2"));
            held.await();
        }

        void stop() throws InterruptedException {
            probing.set(false);
            probe.join();
        }

        void hold(String table) {
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                st.execute("LOCK TABLE " + table + " IN ROW EXCLUSIVE MODE");
                held.countDown();
                release.await();
                Thread.sleep(420);
                c.commit();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
