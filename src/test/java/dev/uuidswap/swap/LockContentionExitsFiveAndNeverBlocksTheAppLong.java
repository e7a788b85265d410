package dev.uuidswap.swap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A session holds a lock on one table of the set: swap gives up after its retries with exit 5,
 * names the holder, changes nothing; an application probe on another table of the set is never
 * blocked much longer than one lock timeout.
 */
@ExtendWith(PgExtension.class)
class LockContentionExitsFiveAndNeverBlocksTheAppLong {
    static TestDb db;

    @BeforeAll
    static void load(TestDb d) {
        db = d;
        db.loadSample(2000);
        assertEquals(0, db.cli("run", "--no-swap").code());
    }

    @Test
    void heldLockMeansExitFiveNothingRenamedAndShortWaits() throws Exception {
        String before = db.catalogFingerprint();
        AtomicBoolean probing = new AtomicBoolean(true);
        AtomicLong worstMillis = new AtomicLong();
        AtomicLong probes = new AtomicLong();
        Thread probe = new Thread(() -> {
            try (Connection c = db.connect();
                    PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM journal_entries WHERE id = ?")) {
                while (probing.get()) {
                    long t0 = System.nanoTime();
                    ps.setString(1, "x");
                    ps.executeQuery().close();
                    worstMillis.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
                    probes.incrementAndGet();
                    Thread.sleep(5);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (Connection holder = db.connect(); Statement st = holder.createStatement()) {
            holder.setAutoCommit(false);
            holder.createStatement().execute("SET application_name = 'long-report'");
            st.execute("SELECT count(*) FROM reminders"); // ACCESS SHARE on reminders until rollback
            probe.start();
            long t0 = System.nanoTime();
            var r = db.cli("swap", "--lock-timeout", "300ms", "--retries", "3");
            double secs = (System.nanoTime() - t0) / 1e9;
            probing.set(false);
            probe.join();
            holder.rollback();
            assertEquals(5, r.code(), r::toString);
            assertTrue(r.err().contains("long-report") && r.err().contains("pid "), r.err());
            assertTrue(r.err().contains("nothing was changed"), r.err());
            assertTrue(secs < 10, "took " + secs);
        }
        assertTrue(probes.get() > 10, "probes " + probes.get());
        assertTrue(worstMillis.get() < 300 + 400, "the application waited " + worstMillis.get() + " ms (lock timeout 300 ms)");
        assertEquals(before, db.catalogFingerprint(), "nothing renamed");
        assertTrue(db.cli("status").out().contains("copied"));
        var ok = db.cli("swap", "--lock-timeout", "300ms");
        assertEquals(0, ok.code(), "once the lock is gone the swap goes through: " + ok);
    }
}
