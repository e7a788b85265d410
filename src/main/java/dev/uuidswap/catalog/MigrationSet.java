package dev.uuidswap.catalog;

import dev.uuidswap.catalog.Model.DependentView;
import dev.uuidswap.catalog.Model.ForeignKey;
import dev.uuidswap.catalog.Model.TableInfo;
import dev.uuidswap.model.ColumnRef;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.TableRef;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The set: the parent, every table with a converted column (parent first), and the objects around
 * it. {@code ownFks} are the foreign keys declared on set tables (recreated on the new tables at the
 * swap), {@code inboundFks} those of outside tables that point into the set (re-pointed).
 */
public record MigrationSet(TableRef parent, Ident key, List<SetTable> tables, List<ForeignKey> ownFks,
        List<ForeignKey> inboundFks, List<DependentView> views) {

    /** One table of the set and the columns that become uuid. */
    public record SetTable(TableInfo info, List<Ident> converted) {
        public TableRef ref() {
            return info.ref();
        }

        public boolean isConverted(Ident column) {
            return converted.contains(column);
        }

        public List<ColumnRef> convertedRefs() {
            return converted.stream().map(c -> new ColumnRef(ref(), c)).toList();
        }
    }

    public SetTable table(TableRef ref) {
        return tables.stream().filter(t -> t.ref().equals(ref)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(ref.display() + " is not in the set"));
    }

    public boolean contains(TableRef ref) {
        return tables.stream().anyMatch(t -> t.ref().equals(ref));
    }

    public long convertedColumnCount() {
        return tables.stream().mapToLong(t -> t.converted().size()).sum();
    }

    /**
     * The converted column that {@code c} references through a foreign key, if any (for a key of
     * several columns, the one in the same position). Such a column holds, byte for byte, values of
     * its source (under a deterministic collation, and for a composite MATCH SIMPLE key only where
     * none of its columns is NULL): its spelling is its source's; {@code validated} says every row
     * is known to match (a single-column or MATCH FULL key, validated).
     */
    public Optional<Source> source(ColumnRef c) {
        for (ForeignKey fk : ownFks) {
            int i = fk.from().equals(c.table()) ? fk.fromColumns().indexOf(c.column()) : -1;
            if (i < 0 || !contains(fk.to())) {
                continue;
            }
            ColumnRef to = new ColumnRef(fk.to(), fk.toColumns().get(i));
            if (table(fk.to()).isConverted(to.column()) && !to.equals(c)) {
                boolean whole = fk.fromColumns().size() == 1 || fk.matchFull();
                return Optional.of(new Source(to, fk.validated() && whole));
            }
        }
        return Optional.empty();
    }

    /** The column a converted column's values come from, and whether every row is known to match it. */
    public record Source(ColumnRef column, boolean validated) {
    }

    /** Follows {@link #source} to the column that has none: the one whose spelling the others repeat. */
    public ColumnRef root(ColumnRef c) {
        Set<ColumnRef> seen = new HashSet<>();
        ColumnRef at = c;
        while (seen.add(at)) {
            Optional<Source> s = source(at);
            if (s.isEmpty()) {
                return at;
            }
            at = s.get().column();
        }
        return c; // a cycle of foreign keys: no single root, the column stands for itself
    }
}
