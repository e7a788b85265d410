package dev.uuidswap.cli;

import dev.uuidswap.db.Database;
import dev.uuidswap.swap.SwapMapper;

/** The largest replay lag of the streaming replicas, for --max-replica-lag. */
final class ReplicaLag {
    private ReplicaLag() {
    }

    static long millis(Database db) {
        Long v = db.inTransaction(s -> s.getMapper(SwapMapper.class).replicaLagMillis());
        return v == null ? 0 : v;
    }
}
