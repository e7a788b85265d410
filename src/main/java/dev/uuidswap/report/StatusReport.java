package dev.uuidswap.report;

import dev.uuidswap.flow.StatusFlow.Status;
import dev.uuidswap.flow.StatusFlow.TableStatus;
import dev.uuidswap.report.Doc.Tone;

/** status: phase, per-table progress and objects, last verify, casts, lock holders, recent events. */
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
                .row("verified after copy (swap allowed)", s.verifiedAfterCopy() ? "yes" : "no")
                .row("swapped at", s.swappedAt())
                .row("swaps", s.swapCount())
                .row("compatibility casts varchar→uuid / text→uuid", (s.varcharCast() ? "present" : "absent") + " / "
                        + (s.textCast() ? "present" : "absent") + (s.compatCasts().isEmpty() ? "" : " (created by uuidswap: "
                        + s.compatCasts() + ")"))
                .row("sessions holding locks on the set", s.lockHolders())
                .end();
        d.h("Tables");
        Doc.TableBuilder t = d.table("table", "copy", "rows copied", "rows (est.)", "log backlog", "shadow", "old",
                "uuidswap triggers");
        for (TableStatus x : s.tables()) {
            t.row(x.table(), x.copyState(), x.rowsCopied(), x.rowsEstimated(), x.backlog(), x.shadowExists() ? "yes" : "no",
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
