package dev.uuidswap.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The lock timeout stays under half the server's deadlock_timeout; a run of attempts has a known worst case. */
@Tag("fast")
class LockTimeoutsAreCappedAndBounded {

    @Test
    void theCapIsHalfTheDeadlockTimeout() {
        assertEquals(Duration.ofMillis(500), LockRetry.capped(Duration.ofSeconds(2), 1000));
        assertEquals(Duration.ofMillis(300), LockRetry.capped(Duration.ofMillis(300), 1000), "below the cap: as asked");
        assertEquals(Duration.ofMillis(10), LockRetry.capped(Duration.ofSeconds(1), 1), "never below 10 ms");
    }

    @Test
    void theWorstCaseIsEveryDeadlineAndEveryPause() {
        assertEquals(Duration.ofMillis(500), LockRetry.worstCase(Duration.ofMillis(500), 1));
        // 3 deadlines of 500 ms, pauses of 200 and 400 ms.
        assertEquals(Duration.ofMillis(2100), LockRetry.worstCase(Duration.ofMillis(500), 3));
        for (int n = 1; n < 40; n++) {
            assertTrue(LockRetry.backoffMillis(n) <= 5_000, "pauses are bounded");
            assertTrue(LockRetry.backoffMillis(n + 1) >= LockRetry.backoffMillis(n), "and never shrink");
        }
    }
}
