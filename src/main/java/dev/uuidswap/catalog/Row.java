package dev.uuidswap.catalog;

import java.sql.Array;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Typed reads from a MyBatis map result. Keeps the casting noise out of the inspector. */
public record Row(Map<String, Object> map) {
    public static Row of(Map<String, Object> m) {
        return new Row(m);
    }

    public String str(String k) {
        Object v = map.get(k);
        return v == null ? null : v.toString();
    }

    public long lng(String k) {
        Object v = map.get(k);
        return v == null ? 0L : ((Number) v).longValue();
    }

    public int integer(String k) {
        return (int) lng(k);
    }

    public boolean bool(String k) {
        Object v = map.get(k);
        return v != null && (Boolean) v;
    }

    public List<String> strings(String k) {
        Object[] a = array(k);
        return a == null ? List.of() : Arrays.stream(a).map(o -> o == null ? null : o.toString()).toList();
    }

    public long[] longs(String k) {
        Object[] a = array(k);
        return a == null ? new long[0] : Arrays.stream(a).mapToLong(o -> o == null ? 0 : ((Number) o).longValue()).toArray();
    }

    private Object[] array(String k) {
        Object v = map.get(k);
        if (v == null) {
            return null;
        }
        if (v instanceof Object[] a) {
            return a;
        }
        if (v instanceof long[] l) {
            return Arrays.stream(l).boxed().toArray();
        }
        try {
            return (Object[]) ((Array) v).getArray();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read array " + k, e);
        }
    }
}
