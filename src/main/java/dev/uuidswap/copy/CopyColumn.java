package dev.uuidswap.copy;

import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.catalog.Model.Column;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.Literal;
import java.util.List;

/** A column the copy writes, and whether it is cast to uuid on the way. */
public record CopyColumn(Ident name, boolean converted) {

    /** Every column the copy can write: generated columns compute themselves on the shadow. */
    public static List<CopyColumn> of(SetTable t) {
        return t.info().columns().stream().filter(c -> !c.isGenerated())
                .map(c -> new CopyColumn(c.name(), t.isConverted(c.name()))).toList();
    }

    /** GENERATED ALWAYS identity columns take the copied value only with OVERRIDING SYSTEM VALUE. */
    public static boolean needsOverriding(SetTable t) {
        return t.info().columns().stream().anyMatch(Column::isIdentity);
    }

    /** The column's name as a string constant, for messages the server writes. */
    public Literal label() {
        return new Literal(name.name());
    }
}
