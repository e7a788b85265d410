package dev.uuidswap.plan;

import dev.uuidswap.catalog.Inspector.ServerFacts;
import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.model.Ident;
import dev.uuidswap.plan.Plan.AppRisk;
import java.util.ArrayList;
import java.util.List;

/** The application side of the change (spec §7a): what breaks after the swap, and the remedies. */
final class AppCompatibility {
    private AppCompatibility() {
    }

    static List<AppRisk> risks(MigrationSet set, ServerFacts server) {
        boolean casts = server.varcharCast() && server.textCast();
        List<String> remedies = List.of(
                casts ? "implicit varchar/text → uuid casts already exist in this database"
                        : "swap --compat-cast: implicit varchar/text → uuid casts created inside the swap (needs a superuser);"
                        + " the only remedy that also covers statements already server-prepared on open connections",
                "add stringtype=unspecified to the application's JDBC URL (the server then infers uuid), and replace"
                        + " pooled connections after the swap: pgjdbc server-prepares a statement after 5 uses with the"
                        + " parameter types of that moment, so it fails after the swap until its connection is replaced"
                        + " (prepareThreshold=0 avoids it)",
                "bind keys as java.util.UUID / native uuid parameters (setObject(i, uuid)) in a release deployed after the swap");
        List<AppRisk> out = new ArrayList<>();
        for (SetTable t : set.tables()) {
            for (Ident c : t.converted()) {
                out.add(new AppRisk(t.ref().display() + "." + c.name(),
                        casts ? "low: implicit casts exist, statements binding varchar keep working"
                                : "after the swap, statements that bind this column as varchar (pgjdbc setString with "
                                + "default settings) fail: operator does not exist: uuid = character varying",
                        remedies));
            }
        }
        return out;
    }
}
