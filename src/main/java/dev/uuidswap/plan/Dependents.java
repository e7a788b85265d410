package dev.uuidswap.plan;

import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.catalog.Model.Check;
import dev.uuidswap.catalog.Model.DependentView;
import dev.uuidswap.catalog.Model.ForeignKey;
import dev.uuidswap.catalog.Model.Grant;
import dev.uuidswap.catalog.Model.Index;
import dev.uuidswap.catalog.Model.Sequence;
import dev.uuidswap.catalog.Model.Trigger;
import dev.uuidswap.model.Ident;
import dev.uuidswap.plan.Plan.Dependent;
import dev.uuidswap.shadow.ShadowBuilder;
import java.util.ArrayList;
import java.util.List;

/** Every object that depends on the set, and what uuidswap does with it. */
final class Dependents {
    private Dependents() {
    }

    static List<Dependent> of(MigrationSet set, ShadowBuilder builder) {
        List<Dependent> d = new ArrayList<>();
        for (DependentView v : set.views()) {
            d.add(new Dependent(v.materialized() ? "materialized view" : "view", v.view().display(),
                    v.materialized() ? "BLOCKER: not handled"
                            : "dropped and recreated on the new tables inside the swap, with owner, grants and comment"));
        }
        for (ForeignKey fk : set.inboundFks()) {
            d.add(new Dependent("inbound foreign key", fk.from().display() + " " + fk.name().name() + " → " + fk.to().display(),
                    "re-pointed to the new table inside the swap (NOT VALID), validated after commit"));
        }
        for (ForeignKey fk : set.ownFks()) {
            d.add(new Dependent("foreign key", fk.from().display() + " " + fk.name().name() + " → " + fk.to().display(),
                    "created on the new table inside the swap (NOT VALID, same name), validated after commit"));
        }
        for (SetTable t : set.tables()) {
            String n = t.ref().display();
            for (Index ix : t.info().indexes()) {
                d.add(new Dependent(ix.constraintType() == null ? "index" : "constraint index", n + " " + ix.name().name(),
                        "rebuilt on the shadow after the copy; renamed to the same name at the swap"));
            }
            for (List<Ident> cols : builder.missingFkIndexes(t, set)) {
                d.add(new Dependent("missing foreign-key index", n + " " + cols.stream().map(Ident::name).toList(),
                        "created on the new table (opt out with --no-fk-indexes)"));
            }
            for (Check c : t.info().checks()) {
                d.add(new Dependent("check constraint", n + " " + c.name().name(), "copied to the shadow"));
            }
            for (Trigger tr : t.info().triggers()) {
                d.add(new Dependent("trigger", n + " " + tr.name().name(),
                        "recreated on the new table inside the swap; disabled on the old table while it is mirrored"));
            }
            for (Grant g : t.info().grants()) {
                d.add(new Dependent("grant", n + " " + g.privilege() + " to " + (g.grantee() == null ? "PUBLIC" : g.grantee().name()),
                        "copied to the shadow"));
            }
            d.add(new Dependent("owner", n + " owned by " + t.info().owner().name(), "copied to the shadow"));
            for (Sequence s : t.info().sequences()) {
                d.add(new Dependent(s.identity() ? "identity sequence" : "owned sequence",
                        s.sequence().display() + " (" + n + "." + s.column().name() + ")",
                        s.identity() ? "value carried to the new identity at the swap; names kept"
                                : "shared by both tables; ownership moved to the new table at the swap"));
            }
            if (t.info().comment() != null) {
                d.add(new Dependent("comment", n, "copied to the shadow"));
            }
            for (String p : t.info().policies()) {
                d.add(new Dependent("row-level security policy", n + " " + p, "BLOCKER: not handled"));
            }
            for (String p : t.info().publications()) {
                d.add(new Dependent("publication", n + " in " + p, "BLOCKER: not handled"));
            }
            for (String r : t.info().rules()) {
                d.add(new Dependent("rule", n + " " + r, "BLOCKER: not handled"));
            }
        }
        return d;
    }
}
