package dev.uuidswap.db;

import java.sql.Array;
import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;

/** A PostgreSQL array read into a {@code List<String>} of a result record, and bound back as text[]. */
final class TextListHandler extends BaseTypeHandler<List<String>> {
    @Override
    public void setNonNullParameter(PreparedStatement ps, int i, List<String> value, JdbcType type) throws SQLException {
        ps.setArray(i, ps.getConnection().createArrayOf("text", value.toArray()));
    }

    @Override
    public List<String> getNullableResult(ResultSet rs, String column) throws SQLException {
        return list(rs.getArray(column));
    }

    @Override
    public List<String> getNullableResult(ResultSet rs, int column) throws SQLException {
        return list(rs.getArray(column));
    }

    @Override
    public List<String> getNullableResult(CallableStatement cs, int column) throws SQLException {
        return list(cs.getArray(column));
    }

    private static List<String> list(Array a) throws SQLException {
        if (a == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Object o : (Object[]) a.getArray()) {
            out.add(o == null ? null : o.toString());
        }
        return Collections.unmodifiableList(out);
    }
}
