package dev.uuidswap.verify;

import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.catalog.Model.Column;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.KeyColumn;
import dev.uuidswap.shadow.ShadowBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How the verifier hashes one column: the same expression on both sides, so equal values hash
 * equal. A row's hash is the XOR of its columns' terms, each with its own seed (a value moved to
 * another column changes the hash) and its own mark for NULL.
 *
 * <p>Why not {@code hashtextextended(row::text)}: the text output of a row (timestamps above all)
 * costs more than the scan itself; the bench measured 3.8 plain scans for that floor alone. Here
 * a column is hashed by its type's own hash function only where that function is faithful to the
 * value as stored: integers, oid, uuid directly; booleans, dates and times, bytea, network types,
 * jsonb through {@code hash_record_extended} (the type cache picks the function). Everything else
 * goes through its text form under the "C" collation: text-like columns (a relabel, no cost; a
 * nondeterministic collation could otherwise hash 'a' and 'A' alike), numeric, floats and interval
 * (whose hashes treat 1.0 and 1.00, or 1 day and 24 hours, as equal), arrays, enums, domains and
 * every type outside pg_catalog. Converted columns are hashed as text on both sides: the string as
 * stored on the old side, the uuid's canonical text on the new one, so a string written after plan
 * in a non-canonical form (upper case, braces) shows as a difference; such a string would break
 * the reverse triggers after the swap, so that is where it must be caught.
 */
public record HashColumn(Ident name, Kind kind, long seed, long nullMark) {

    /** The expression families of VerifyMapper.xml's "term" fragment. */
    public enum Kind {
        INT2, INT4, INT8, OID, UUID, TYPED, TEXT
    }

    private static final Set<String> TYPED = Set.of("bool", "char", "date", "time", "timetz", "timestamp",
            "timestamptz", "bytea", "inet", "cidr", "macaddr", "macaddr8", "jsonb");
    private static final long KEY_SEEDS = 1;
    private static final long ROW_SEEDS = 1_000;

    public HashColumn {
        // A fixed odd multiplier spreads the marks; any constant works as long as both sides agree.
        nullMark = seed * 0x9E3779B97F4A7C15L;
    }

    static Kind kindOf(Column c, boolean converted) {
        if (converted) {
            return Kind.TEXT;
        }
        return switch (c.typname()) {
            case "int2" -> Kind.INT2;
            case "int4" -> Kind.INT4;
            case "int8" -> Kind.INT8;
            case "oid" -> Kind.OID;
            case "uuid" -> Kind.UUID;
            default -> TYPED.contains(c.typname()) ? Kind.TYPED : Kind.TEXT;
        };
    }

    /** Every column, generated ones too, in table order: the row image. */
    public static List<HashColumn> row(SetTable t) {
        List<HashColumn> out = new ArrayList<>();
        for (Column c : t.info().columns()) {
            out.add(new HashColumn(c.name(), kindOf(c, t.isConverted(c.name())), ROW_SEEDS + out.size(), 0));
        }
        return out;
    }

    /** The primary key on the table itself: what the bucket is computed from. */
    public static List<HashColumn> key(SetTable t) {
        List<HashColumn> out = new ArrayList<>();
        for (KeyColumn k : ShadowBuilder.logKey(t)) {
            out.add(new HashColumn(k.name(), kindOf(t.info().column(k.name()), k.converted()), KEY_SEEDS + out.size(), 0));
        }
        return out;
    }

    /** The same key as the change log stores it (k1, k2, …, with the live column's type). */
    public static List<HashColumn> keyInLog(SetTable t) {
        List<HashColumn> out = new ArrayList<>();
        for (KeyColumn k : ShadowBuilder.logKey(t)) {
            out.add(new HashColumn(k.log(), kindOf(t.info().column(k.name()), k.converted()), KEY_SEEDS + out.size(), 0));
        }
        return out;
    }
}
