package dev.uuidswap.verify;

import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.catalog.Model.Column;
import dev.uuidswap.catalog.Spellings;
import dev.uuidswap.model.ColumnRef;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.KeyColumn;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.shadow.ShadowBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How the verifier hashes one column: expressions that give the same value on both sides when the
 * rows agree. A row's hash is the XOR of its columns' terms, each with its own seed (a value moved
 * to another column changes the hash) and its own mark for NULL.
 *
 * <p>Why not {@code hashtextextended(row::text)}: the text output of a row (timestamps above all)
 * costs more than the scan itself; the bench measured 3.8 plain scans for that floor alone. Here
 * a column is hashed by its type's own hash function only where that function is faithful to the
 * value as stored: integers, oid, uuid directly; booleans, dates and times, bytea, network types,
 * jsonb through {@code hash_record_extended} (the type cache picks the function). Everything else
 * goes through its text form under the "C" collation: text-like columns (a relabel, no cost; a
 * nondeterministic collation could otherwise hash 'a' and 'A' alike), numeric, floats and interval
 * (whose hashes treat 1.0 and 1.00, or 1 day and 24 hours, as equal), arrays, enums, domains and
 * every type outside pg_catalog.
 *
 * <p>Converted columns: where the way back has a spelling map ({@link Spellings}), the string as
 * stored is compared with the spelling the map (or the canonical form) gives the uuid, so a
 * spelling on the string side that the way back would not reproduce is a difference; elsewhere the
 * uuid values are compared. Keys are bucketed by their uuid value, which both sides share.
 */
public record HashColumn(Ident name, Kind kind, long seed, long nullMark, TableRef spelling, Ident alias) {

    /** The expression families of VerifyMapper.xml's term fragments. */
    public enum Kind {
        INT2, INT4, INT8, OID, UUID, TYPED, TEXT, SPELLED, BY_VALUE
    }

    private static final Set<String> TYPED = Set.of("bool", "char", "date", "time", "timetz", "timestamp",
            "timestamptz", "bytea", "inet", "cidr", "macaddr", "macaddr8", "jsonb");
    private static final long KEY_SEEDS = 1;
    private static final long ROW_SEEDS = 1_000;

    public HashColumn {
        // A fixed odd multiplier spreads the marks; any constant works as long as both sides agree.
        nullMark = seed * 0x9E3779B97F4A7C15L;
    }

    static Kind kindOf(Column c) {
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
    public static List<HashColumn> row(MigrationSet set, SetTable t) {
        List<HashColumn> out = new ArrayList<>();
        for (Column c : t.info().columns()) {
            long seed = ROW_SEEDS + out.size();
            if (!t.isConverted(c.name())) {
                out.add(new HashColumn(c.name(), kindOf(c), seed, 0, null, null));
                continue;
            }
            TableRef map = Spellings.forColumn(set, new ColumnRef(t.ref(), c.name())).orElse(null);
            out.add(new HashColumn(c.name(), map == null ? Kind.BY_VALUE : Kind.SPELLED, seed, 0, map,
                    map == null ? null : Ident.of("m" + out.size())));
        }
        return out;
    }

    /** The primary key on the table itself: what the bucket is computed from. */
    public static List<HashColumn> key(SetTable t) {
        List<HashColumn> out = new ArrayList<>();
        for (KeyColumn k : ShadowBuilder.logKey(t)) {
            out.add(new HashColumn(k.name(), k.converted() ? Kind.BY_VALUE : kindOf(t.info().column(k.name())),
                    KEY_SEEDS + out.size(), 0, null, null));
        }
        return out;
    }

    /** The same key as the change log stores it (k1, k2, …, with the live column's type). */
    public static List<HashColumn> keyInLog(SetTable t) {
        List<HashColumn> out = new ArrayList<>();
        for (KeyColumn k : ShadowBuilder.logKey(t)) {
            out.add(new HashColumn(k.log(), k.converted() ? Kind.BY_VALUE : kindOf(t.info().column(k.name())),
                    KEY_SEEDS + out.size(), 0, null, null));
        }
        return out;
    }
}
