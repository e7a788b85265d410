package dev.uuidswap.report;

import dev.uuidswap.report.Doc.Tone;
import dev.uuidswap.verify.VerifyResult;
import dev.uuidswap.verify.VerifyResult.KeyDiff;
import dev.uuidswap.verify.VerifyResult.TableResult;

/** verify as a change-ticket report: counts and checksums of old and new side by side, then the keys that differ. */
public final class VerifyReport {
    private VerifyReport() {
    }

    public static Doc of(VerifyResult r) {
        Doc d = new Doc("uuidswap verify: " + r.migration());
        d.p(r.summary(), r.ok() ? Tone.GOOD : Tone.BAD);
        Doc.TableBuilder t = d.table("table", "rows (string side)", "rows (uuid side)", "checksum (string side)",
                "checksum (uuid side)", "size (string side)", "size (uuid side)", "buckets", "differing", "rechecked",
                "in flight");
        for (TableResult x : r.tables()) {
            t.row(x.ok() ? Tone.NORMAL : Tone.BAD, x.source() + " / " + x.target(), x.rowsSource(), x.rowsTarget(),
                    x.checksumSource(), x.checksumTarget(), Doc.bytes(x.bytesSource()), Doc.bytes(x.bytesTarget()),
                    x.buckets(), x.differingBuckets(), x.rechecked(), x.inFlight());
        }
        t.end();
        if (!r.ok()) {
            d.h("Keys that differ");
            Doc.TableBuilder k = d.table("table", "key", "difference");
            for (TableResult x : r.tables()) {
                for (KeyDiff kd : x.differences()) {
                    k.row(Tone.BAD, x.source(), kd.key(), kd.kind());
                }
            }
            k.end();
            d.p("A row written while uuidswap's triggers were disabled (ALTER TABLE … DISABLE TRIGGER ALL) escapes"
                    + " them and shows here: touch it with the triggers on (an UPDATE setting a column to itself), then"
                    + " run copy and verify again. So does a child key spelled otherwise than its parent's, written with"
                    + " the foreign key bypassed (plan --recheck-foreign-keys lists it as an orphan): write it as the"
                    + " parent does.", Tone.NORMAL);
        }
        d.p("Each table is compared by count and hash sum first; 'buckets' is how finely a difference is then "
                + "located by key hash, down to the keys. Rows with a change still pending in the log are re-synced "
                + "and checked again, not reported; 'in flight' counts buckets still changing after three rounds "
                + "(the swap drains them under its lock).");
        return d;
    }
}
