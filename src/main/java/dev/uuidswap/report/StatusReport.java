package dev.uuidswap.report;

import dev.uuidswap.flow.StatusFlow.Status;
import dev.uuidswap.flow.StatusFlow.TableStatus;
import dev.uuidswap.report.Doc.Tone;

/** status: phase, per-table progress and objects, what changed, validations pending, last verify, casts, locks, events. */
public final class StatusReport {
    private StatusReport() {
    }

    public static Doc of(Status s) {
        Doc d = new Doc("uuidswap status: " + s.migration());
        d.table("item", "value")
                .row("phase", s.phase())
                .row("copy finished", s.copyFinishedAt())
                .row(Boolean.FALSE.equals(s.lastVerifyOk()) ? Tone.BAD : Tone.NORMAL, "last verify",
                        s.lastVerifyAt() == null ? "never" : s.lastVerifyAt() + " " + s.lastVerifySummary())
                .row("verified after copy (swap allowed)", !s.verifiedAfterCopy() || !s.changed().isEmpty() ? "no"
                        : s.changeNotChecked() == null ? "yes" : "yes, unless the tables changed (not checked, see below)")
                .row(s.changed().isEmpty() ? Tone.NORMAL : Tone.BAD, "tables changed since recorded",
                        s.changeNotChecked() != null ? s.changeNotChecked()
                                : s.changed().isEmpty() ? "no" : String.join("; ", s.changed()))
                .row(s.pendingValidations().isEmpty() ? Tone.NORMAL : Tone.WARN, "foreign keys to validate",
                        s.pendingValidations().isEmpty() ? "none" : String.join(", ", s.pendingValidations())
                                + " (status --repair, or finalize, validates them)")
                .row("swapped at", s.swappedAt())
                .row("swaps", s.swapCount())
                .row("compatibility casts varchar→uuid / text→uuid", (s.varcharCast() ? "present" : "absent") + " / "
                        + (s.textCast() ? "present" : "absent") + (s.compatCasts().isEmpty() ? "" : " (created by uuidswap: "
                        + s.compatCasts() + ")"))
                .row("sessions holding locks on the set", s.lockHolders())
                .end();
        if (!s.repaired().isEmpty()) {
            d.h("Repaired");
            Doc.TableBuilder r = d.table("action");
            s.repaired().forEach(r::row);
            r.end();
        }
        d.h("Tables");
        Doc.TableBuilder t = d.table("table", "copy", "rows copied", "rows (est.)", "log backlog", "shadow", "old",
                "uuidswap triggers");
        for (TableStatus x : s.tables()) {
            String backlog = x.backlog() != null ? String.valueOf(x.backlog())
                    : "about " + (x.backlogEstimated() == null ? "?" : x.backlogEstimated()) + " (no right to read the log)";
            t.row(x.table(), x.copyState(), x.rowsCopied(), x.rowsEstimated(), backlog, x.shadowExists() ? "yes" : "no",
                    x.oldExists() ? "yes" : "no", String.join(", ", x.triggers()));
        }
        t.end();
        d.h("Recent events");
        Doc.TableBuilder e = d.table("event");
        s.recentEvents().forEach(e::row);
        e.end();
        return d;
    }
}
