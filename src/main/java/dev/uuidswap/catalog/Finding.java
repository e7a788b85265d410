package dev.uuidswap.catalog;

import java.util.List;

/**
 * Something the plan found: a blocker stops the conversion (exit 3), a warning needs a look, an
 * info only says what will happen.
 */
public record Finding(Severity severity, String kind, String object, String message, List<String> examples) {
    public enum Severity { BLOCKER, WARNING, INFO }

    public Finding {
        examples = List.copyOf(examples);
    }

    public static Finding blocker(String kind, String object, String message) {
        return new Finding(Severity.BLOCKER, kind, object, message, List.of());
    }

    public static Finding blocker(String kind, String object, String message, List<String> examples) {
        return new Finding(Severity.BLOCKER, kind, object, message, examples);
    }

    public static Finding warning(String kind, String object, String message) {
        return new Finding(Severity.WARNING, kind, object, message, List.of());
    }

    public static Finding info(String kind, String object, String message, List<String> examples) {
        return new Finding(Severity.INFO, kind, object, message, examples);
    }

    public boolean isBlocker() {
        return severity == Severity.BLOCKER;
    }
}
