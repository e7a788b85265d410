package dev.uuidswap.report;

import dev.uuidswap.catalog.Finding;
import dev.uuidswap.plan.Plan;
import dev.uuidswap.plan.Plan.ColumnPlan;
import dev.uuidswap.plan.Plan.TablePlan;
import dev.uuidswap.report.Doc.Tone;
import java.util.Locale;

/** The plan as a change-ticket report: blockers first, then current vs. target, checks, objects, estimates, DDL. */
public final class PlanReport {
    private PlanReport() {
    }

    public static Doc of(Plan p) {
        Doc d = new Doc("uuidswap plan: " + p.parent() + (p.key() == null ? "" : "." + p.key()));
        d.p("Database " + p.database() + " (" + p.server() + ").");
        if (p.nothingToDo()) {
            return d.p("The key is already uuid: nothing to do.", Tone.GOOD);
        }
        if (p.blocked()) {
            d.h("Blockers");
            d.p(p.blockers().size() + " blocker(s): the conversion cannot start until they are fixed.", Tone.BAD);
            Doc.TableBuilder t = d.table("kind", "object", "problem", "examples");
            for (Finding f : p.blockers()) {
                t.row(Tone.BAD, f.kind(), f.object(), f.message(), String.join("\n", f.examples()));
            }
            t.end();
        } else {
            d.p("No blockers: ready to prepare.", Tone.GOOD);
        }
        var warnings = p.findings().stream().filter(f -> f.severity() == Finding.Severity.WARNING).toList();
        if (!warnings.isEmpty()) {
            d.h("Warnings");
            Doc.TableBuilder t = d.table("kind", "object", "note");
            warnings.forEach(f -> t.row(Tone.WARN, f.kind(), f.object(), f.message()));
            t.end();
        }
        var infos = p.findings().stream().filter(f -> f.severity() == Finding.Severity.INFO).toList();
        if (!infos.isEmpty()) {
            d.h("Notes");
            Doc.TableBuilder t = d.table("kind", "object", "note", "examples");
            infos.forEach(f -> t.row(f.kind(), f.object(), f.message(), String.join("\n", f.examples())));
            t.end();
        }
        if (p.tables().isEmpty()) {
            return d;
        }
        d.h("Tables: current vs. target");
        Doc.TableBuilder t = d.table("table", "role", "rows", "size now", "size after (est.)", "new indexes");
        for (TablePlan tp : p.tables()) {
            t.row(tp.table(), tp.role(), tp.rows(), Doc.bytes(tp.bytesNow()), Doc.bytes(tp.bytesAfter()),
                    String.join(", ", tp.newIndexes()));
        }
        t.end();
        d.h("Columns converted");
        if (!p.dataChecked()) {
            d.p("Data not checked (--no-data-checks): the counts below are unknown; prepare checks the data.", Tone.WARN);
        }
        Doc.TableBuilder c = d.table("column", "current type", "target type", "NULLs", "not UUIDs", "other spellings");
        for (TablePlan tp : p.tables()) {
            for (ColumnPlan cp : tp.columns()) {
                if (cp.converted()) {
                    String trusted = cp.trustedTo() == null ? null : "not read: validated key to " + cp.trustedTo();
                    c.row(cp.invalid() != null && cp.invalid() > 0 ? Tone.BAD : Tone.NORMAL, tp.table() + "." + cp.column(),
                            cp.currentType(), cp.targetType(), n(cp.nulls()), trusted != null ? trusted : n(cp.invalid()),
                            trusted != null ? "not read" : n(cp.nonCanonical()));
                }
            }
        }
        c.end();
        if (p.tables().stream().anyMatch(tp -> tp.columns().stream().anyMatch(cp -> cp.trustedTo() != null))) {
            d.p("'not read': the column's validated foreign key ties its values to a converted column that was read (they"
                    + " are its values, spelled as it spells them), so the checks trusted the key and only counted the rows."
                    + " A row written with that key bypassed (session_replication_role = replica, a restore with triggers"
                    + " disabled) can hold anything: copy stops with exit 3 and names it where it is not a UUID or collides"
                    + " in a unique index; verify fails on a key spelled otherwise than its parent's; an orphan is copied"
                    + " (the swap leaves the new key NOT VALID). --recheck-foreign-keys reads these columns too, and looks"
                    + " for orphans.", Tone.NORMAL);
        }
        d.h("Dependent objects");
        Doc.TableBuilder o = d.table("kind", "object", "handling");
        p.dependents().forEach(x -> o.row(x.handling().startsWith("BLOCKER") ? Tone.BAD : Tone.NORMAL,
                x.kind(), x.object(), x.handling()));
        o.end();
        if (p.estimates() != null) {
            var e = p.estimates();
            d.h("Estimates");
            Doc.TableBuilder et = d.table("measure", "value")
                    .row("rows in the set", e.rows())
                    .row("size now", Doc.bytes(e.bytesNow()))
                    .row("size after", Doc.bytes(e.bytesAfter()));
            for (Plan.Disk disk : e.disks()) {
                et.row(disk.short_() ? Tone.BAD : Tone.NORMAL, "disk needed in tablespace " + disk.tablespace()
                        + (disk.location() == null ? "" : " (" + disk.location() + ")"), Doc.bytes(disk.needed()) + "; free: "
                        + (disk.free() == null ? "unknown (not readable from here)" : Doc.bytes(disk.free())));
            }
            et.row("measured copy rate (sample)", e.sampleRowsPerSecond() == null ? "not measured"
                            : String.format(Locale.ROOT, "%.0f rows/s", e.sampleRowsPerSecond()))
                    .row("copy time with indexes (est.)", secs(e.copySeconds()))
                    .row("longest snapshot held (est.)", secs(e.longestSnapshotSeconds()))
                    .end();
        }
        d.h("Application compatibility");
        if (!p.appCompatibility().isEmpty()) {
            Doc.TableBuilder a = d.table("column", "risk");
            p.appCompatibility().forEach(r -> a.row(Tone.WARN, r.column(), r.risk()));
            a.end();
            p.appCompatibility().stream().map(Plan.AppRisk::remedies).distinct()
                    .forEach(r -> d.p("Remedies: " + String.join("; ", r) + "."));
        }
        d.h("DDL: prepare");
        d.code(p.ddl().prepare());
        d.h("DDL: copy (after the bulk copy)");
        d.code(p.ddl().copy());
        if (!p.ddl().swap().isEmpty()) {
            d.h("DDL: swap (one transaction)");
            d.code(p.ddl().swap());
        }
        return d;
    }

    private static String n(Long v) {
        return v == null ? "?" : v.toString();
    }

    private static String secs(Double s) {
        return s == null ? "not measured" : String.format(Locale.ROOT, "%.1f s", s);
    }
}
