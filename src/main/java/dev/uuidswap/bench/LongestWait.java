package dev.uuidswap.bench;

import dev.uuidswap.db.Database;
import dev.uuidswap.db.SqlStates;
import dev.uuidswap.model.TableRef;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.TransactionIsolationLevel;
import org.postgresql.PGConnection;

/**
 * The application's side of the swaps: one connection updating one user row after another, each
 * its own transaction, about 200 a second, while swaps and swap-backs run; the longest of those writes is what the
 * application waited at worst. The connection never server-prepares, so the key's type is the
 * server's to infer on each side of every swap (the application's own remedies are runbook 07's).
 */
final class LongestWait implements AutoCloseable {
    private final Thread thread;
    private final AtomicLong longest = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean stop;
    private volatile String firstFailure;

    LongestWait(Database db, TableRef users, String key) {
        thread = new Thread(() -> {
            try (SqlSession s = db.openSession(TransactionIsolationLevel.READ_COMMITTED)) {
                s.getConnection().unwrap(PGConnection.class).setPrepareThreshold(0);
                BenchMapper m = s.getMapper(BenchMapper.class);
                while (!stop) {
                    long t0 = System.nanoTime();
                    try {
                        m.touchUser(users, key, "w" + t0);
                        s.commit(true);
                        longest.accumulateAndGet(System.nanoTime() - t0, Math::max);
                        writes.incrementAndGet();
                        // An application's pace, not a tight loop: about 200 writes a second.
                        Thread.sleep(5);
                    } catch (RuntimeException e) {
                        s.rollback(true);
                        if (failures.incrementAndGet() == 1) {
                            firstFailure = SqlStates.of(e) + ": " + SqlStates.firstLine(e);
                        }
                    }
                }
                s.getConnection().unwrap(PGConnection.class).setPrepareThreshold(5);
            } catch (SQLException e) {
                failures.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-application");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops the writer; the longest write in milliseconds. */
    double stopMillis() throws InterruptedException {
        stop = true;
        thread.join();
        return longest.get() / 1e6;
    }

    long writes() {
        return writes.get();
    }

    long failures() {
        return failures.get();
    }

    /** The first failure's SQLSTATE and message, or null. */
    String firstFailure() {
        return firstFailure;
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join();
    }
}
