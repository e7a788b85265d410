package dev.uuidswap.model;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

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

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public void require(Set<Phase> allowed, String command) {
        if (!allowed.contains(this)) {
            throw new UuidswapException(ExitCode.WRONG_PHASE, command + " is not allowed in phase " + label()
                    + " (allowed: " + allowed.stream().map(Phase::label).sorted().collect(Collectors.joining(", ")) + "); "
                    + whatNext());
        }
    }

    /** What the DBA can do from here: the refusal says it, so nobody has to look it up under pressure. */
    public String whatNext() {
        return switch (this) {
            case NONE -> "no migration is recorded for this table: prepare starts one";
            case PREPARED -> "next: copy (or abort)";
            case COPIED -> "next: verify, then swap (or abort)";
            case SWAPPED -> "the uuid tables are live: swap-back returns to the old ones (abort is possible after it),"
                    + " finalize drops them";
            case FINALIZED -> "the migration is over";
        };
    }
}
