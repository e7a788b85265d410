package dev.uuidswap.plan;

import dev.uuidswap.catalog.Finding;
import java.util.List;

/**
 * The plan as the reports show it: current vs. target per table and column, the data checks,
 * the dependent objects and how each is handled, estimates, and the DDL that will run.
 * Plain values only, so every renderer (text, markdown, HTML, JSON) reads the same thing.
 */
public record Plan(
        String parent,
        String key,
        String database,
        String server,
        boolean nothingToDo,
        List<TablePlan> tables,
        List<Finding> findings,
        List<Dependent> dependents,
        Estimates estimates,
        List<AppRisk> appCompatibility,
        Ddl ddl) {

    /** In the JSON too: tools read this flag rather than re-deriving it from the findings. */
    @com.fasterxml.jackson.annotation.JsonProperty("blocked")
    public boolean blocked() {
        return findings.stream().anyMatch(Finding::isBlocker);
    }

    public List<Finding> blockers() {
        return findings.stream().filter(Finding::isBlocker).toList();
    }

    public record TablePlan(String table, String role, long rows, long bytesNow, long bytesAfter,
            List<ColumnPlan> columns, List<String> newIndexes) {
    }

    /** One column: its type now and after; nulls/invalid only for converted columns. */
    public record ColumnPlan(String column, String currentType, String targetType, boolean converted,
            long nulls, long invalid, long nonCanonical) {
    }

    public record Dependent(String kind, String object, String handling) {
    }

    public record Estimates(long rows, long bytesNow, long bytesAfter, long diskNeeded, Long diskFree,
            Double sampleRowsPerSecond, Double copySeconds, Double longestSnapshotSeconds) {
    }

    /** An application-side risk of the conversion, with its remedies (spec §7a). */
    public record AppRisk(String column, String risk, List<String> remedies) {
    }

    public record Ddl(List<String> prepare, List<String> copy, List<String> swap) {
    }
}
