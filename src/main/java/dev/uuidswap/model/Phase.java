package dev.uuidswap.model;

import java.util.Set;

/** Where a migration stands. Stored by name in {@code uuidswap.migration.phase}. */
public enum Phase {
    /** No migration recorded for this parent. */
    NONE,
    /** Shadows and capture triggers exist; the bulk copy has not finished. */
    PREPARED,
    /** Bulk copy, indexes and keys done; catch-up keeps the shadows in sync. */
    COPIED,
    /** The uuid tables are live; reverse triggers keep the old ones in sync. */
    SWAPPED,
    /** Old tables dropped; the migration is over. */
    FINALIZED;

    public boolean beforeSwap() {
        return this == PREPARED || this == COPIED;
    }

    public void require(Set<Phase> allowed, String command) {
        if (!allowed.contains(this)) {
            throw new UuidswapException(ExitCode.WRONG_PHASE,
                    command + " is not allowed in phase " + name().toLowerCase()
                            + " (allowed: " + allowed.stream().map(p -> p.name().toLowerCase()).sorted().toList() + ")");
        }
    }
}
