package dev.uuidswap.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one place every derived name comes from: shadow and old tables, their indexes and
 * constraints, triggers, change logs. PostgreSQL silently truncates identifiers at 63 bytes
 * (pg-osc #115: long names broke generated names, and two truncated names can collide), so a name
 * that would be too long is cut on a character boundary and given a short hash of the full name.
 */
public final class Names {
    public static final int MAX_BYTES = 63;
    public static final String SHADOW = "_new";
    public static final String OLD = "_old";
    /** The schema uuidswap keeps its state, change logs, spelling maps and trigger functions in. */
    public static final Ident STATE_SCHEMA = Ident.of("uuidswap");

    private Names() {
    }

    public static Ident shadow(Ident live) {
        return suffixed(live, SHADOW);
    }

    public static Ident old(Ident live) {
        return suffixed(live, OLD);
    }

    /** The change log of one live table, in the state schema. */
    public static Ident log(TableRef live) {
        return suffixed(Ident.of(live.schema().name() + "." + live.table().name()), "_log");
    }

    /** The spelling map of one converted column, in the state schema. */
    public static Ident spelling(TableRef live, Ident column) {
        return suffixed(Ident.of(live.schema().name() + "." + live.table().name() + "." + column.name()), "_spelling");
    }

    /** The capture trigger (forward, before the swap) and its function. */
    public static Ident captureTrigger(TableRef live) {
        return suffixed(Ident.of("uuidswap_capture_" + live.table().name()), "");
    }

    public static Ident captureFunction(TableRef live) {
        return suffixed(Ident.of("capture_" + live.schema().name() + "." + live.table().name()), "");
    }

    /** The reverse trigger (after the swap, new live → old) and its function. */
    public static Ident reverseTrigger(TableRef live) {
        return suffixed(Ident.of("uuidswap_reverse_" + live.table().name()), "");
    }

    public static Ident reverseFunction(TableRef live) {
        return suffixed(Ident.of("reverse_" + live.schema().name() + "." + live.table().name()), "");
    }

    /** The index uuidswap adds on a converted foreign-key column that has none. */
    public static Ident fkIndex(Ident table, Ident column) {
        return suffixed(Ident.of(table.name() + "_" + column.name()), "_idx");
    }

    /** {@code base + suffix}, at most 63 bytes, unique for distinct inputs. */
    public static Ident suffixed(Ident base, String suffix) {
        String full = base.name() + suffix;
        if (full.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
            return Ident.of(full);
        }
        String hash = "_" + shortHash(base.name());
        int budget = MAX_BYTES - bytes(hash) - bytes(suffix);
        return Ident.of(truncateUtf8(base.name(), budget) + hash + suffix);
    }

    static String truncateUtf8(String s, int maxBytes) {
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = bytes(new String(Character.toChars(cp)));
            if (used + n > maxBytes) {
                break;
            }
            out.appendCodePoint(cp);
            used += n;
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String shortHash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
