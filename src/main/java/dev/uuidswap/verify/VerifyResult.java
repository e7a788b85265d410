package dev.uuidswap.verify;

import java.util.List;

/** What verify found, per table: counts and checksums side by side, and the keys that differ. */
public record VerifyResult(String migration, boolean ok, List<TableResult> tables) {

    public record TableResult(String source, String target, long rowsSource, long rowsTarget, String checksumSource,
            String checksumTarget, long bytesSource, long bytesTarget, int buckets, int differingBuckets,
            int rechecked, int inFlight, List<KeyDiff> differences) {
        public boolean ok() {
            return differingBuckets == 0 && differences.isEmpty();
        }
    }

    /** A key that differs: missing from the target, extra in it, or with different values. */
    public record KeyDiff(String key, String kind) {
    }

    /** What verify found, with up to three differing keys per table (for the report of the role that ran it). */
    public String summary() {
        return summary(true);
    }

    /**
     * The summary the state store keeps, where every role may read it (status is meant for
     * monitoring roles): counts and tables only. The keys themselves are the application's data;
     * the verify report shows them to the role that ran it.
     */
    public String stateSummary() {
        return summary(false) + (ok ? "" : "; verify again to see the keys");
    }

    private String summary(boolean keys) {
        long bad = tables.stream().filter(t -> !t.ok()).count();
        return ok ? "verify passed: " + tables.size() + " table(s) equal"
                : "verify FAILED: " + bad + " table(s) differ: " + tables.stream().filter(t -> !t.ok())
                        .map(t -> t.source() + " (" + t.differences().size() + " key(s)" + (keys ? ", e.g. "
                                + t.differences().stream().limit(3).map(d -> d.kind() + " " + d.key()).toList() : "") + ")")
                        .toList();
    }
}
