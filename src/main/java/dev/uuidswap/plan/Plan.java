package dev.uuidswap.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.uuidswap.catalog.Finding;
import java.util.List;

/**
 * The plan as the reports show it: current vs. target per table and column, the data checks,
 * the dependent objects and how each is handled, estimates, and the DDL that will run.
 * Plain values only, so every renderer (text, markdown, HTML, JSON) reads the same thing.
 * {@code dataChecked} is false when the DBA skipped the data checks (--no-data-checks).
 */
public record Plan(
        String parent,
        String key,
        String database,
        String server,
        boolean nothingToDo,
        boolean dataChecked,
        List<TablePlan> tables,
        List<Finding> findings,
        List<Dependent> dependents,
        Estimates estimates,
        List<AppRisk> appCompatibility,
        Ddl ddl) {

    /** In the JSON too: tools read this flag rather than re-deriving it from the findings. */
    @JsonProperty("blocked")
    public boolean blocked() {
        return findings.stream().anyMatch(Finding::isBlocker);
    }

    public List<Finding> blockers() {
        return findings.stream().filter(Finding::isBlocker).toList();
    }

    public record TablePlan(String table, String role, long rows, long bytesNow, long bytesAfter,
            List<ColumnPlan> columns, List<String> newIndexes) {
    }

    /** One column: its type now and after; the counts only for converted columns (null: not checked). */
    /**
     * {@code trustedTo}: the column whose validated foreign key vouched for this one's values, which
     * the checks then did not read (null where they were read).
     */
    public record ColumnPlan(String column, String currentType, String targetType, boolean converted,
            Long nulls, Long invalid, Long nonCanonical, String trustedTo) {
    }

    public record Dependent(String kind, String object, String handling) {
    }

    /** One tablespace written by prepare and copy: what it needs and what it has free (null: unknown here). */
    public record Disk(String tablespace, String location, long needed, Long free) {
        public boolean short_() {
            return free != null && free < needed;
        }
    }

    public record Estimates(long rows, long bytesNow, long bytesAfter, List<Disk> disks,
            Double sampleRowsPerSecond, Double copySeconds, Double longestSnapshotSeconds) {
    }

    /** An application-side risk of the conversion, with its remedies. */
    public record AppRisk(String column, String risk, List<String> remedies) {
    }

    public record Ddl(List<String> prepare, List<String> copy, List<String> swap) {
        public static Ddl none() {
            return new Ddl(List.of(), List.of(), List.of());
        }
    }
}
