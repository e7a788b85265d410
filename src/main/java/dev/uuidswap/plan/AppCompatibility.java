package dev.uuidswap.plan;

import dev.uuidswap.catalog.Inspector.ServerFacts;
import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.catalog.Model.Trigger;
import dev.uuidswap.model.Ident;
import dev.uuidswap.plan.Plan.AppRisk;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The application side of the change: what breaks after the swap, and the remedies. Measured with
 * pgjdbc 42.7.14 (ApplicationStatementsAcrossTheSwap): with default settings every statement that
 * binds a key with setString fails against uuid; implicit varchar/text → uuid casts or
 * stringtype=unspecified (with fresh connections) keep it working.
 */
final class AppCompatibility {
    private AppCompatibility() {
    }

    static List<AppRisk> risks(MigrationSet set, ServerFacts server, boolean nonCanonical) {
        boolean casts = server.varcharCast() && server.textCast();
        List<String> remedies = List.of(
                casts ? "implicit varchar/text → uuid casts already exist in this database"
                        : "swap --compat-cast: implicit varchar/text → uuid casts created inside the swap (needs a superuser);"
                        + " the only remedy that also covers statements already server-prepared on open connections",
                "add stringtype=unspecified to the application's JDBC URL (the server then infers uuid), and replace"
                        + " pooled connections after the swap: pgjdbc server-prepares a statement after 5 uses with the"
                        + " parameter types of that moment, so it fails after the swap until its connection is replaced"
                        + " (prepareThreshold=0 avoids it)",
                "bind keys as native uuid parameters (a UUID object: setObject(i, uuid)) in a release deployed after the swap");
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
        if (nonCanonical) {
            out.add(new AppRisk("keys in other spellings", "reads return every key in lower case after the swap ('ABC…' comes"
                    + " back as 'abc…'): code that compares keys as case-sensitive strings (caches, maps, URLs, joins"
                    + " in the application) must compare them as UUIDs or normalise; the old tables keep the original"
                    + " spelling, so a swap-back returns it", List.of("normalise keys in the application before the swap")));
        }
        for (SetTable t : set.tables()) {
            for (Trigger tr : t.info().triggers()) {
                List<String> used = usedColumns(tr, t);
                if (!used.isEmpty() && !tr.name().name().startsWith("uuidswap_")) {
                    out.add(new AppRisk(t.ref().display() + " trigger " + tr.name().name(), "its function reads or writes "
                            + used + ", which become uuid: text functions on them (lower(NEW.id), NEW.id || '…',"
                            + " length(…)) fail after the swap with 'function … (uuid) does not exist', and every write"
                            + " to the table with them", List.of("make the function work for both types (cast with ::text"
                            + " where it needs text) and deploy it before the swap")));
                }
            }
        }
        return out;
    }

    /** The converted columns a trigger's function names as NEW.x or OLD.x (quoted or not). */
    private static List<String> usedColumns(Trigger tr, SetTable t) {
        if (tr.functionBody() == null) {
            return List.of();
        }
        String body = tr.functionBody();
        List<String> out = new ArrayList<>();
        for (Ident c : t.converted()) {
            String plain = Pattern.quote(c.name().toLowerCase(Locale.ROOT));
            Pattern p = Pattern.compile("(?i)\\b(new|old)\\s*\\.\\s*(" + plain + "\\b|" + Pattern.quote(c.quoted()) + ")");
            if (p.matcher(body).find()) {
                out.add(c.name());
            }
        }
        return out;
    }
}
