package dev.uuidswap.catalog;

import dev.uuidswap.catalog.Model.DependentView;
import dev.uuidswap.catalog.Model.ForeignKey;
import dev.uuidswap.catalog.Model.TableInfo;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.TableRef;
import java.util.List;

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
}
