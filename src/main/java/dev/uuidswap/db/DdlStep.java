package dev.uuidswap.db;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;

/**
 * One statement of a DDL script: a mapper statement and its typed parameter record, made by the
 * factory class beside the mapper ({@code ShadowDdl}, {@code SwapDdl}). The same step renders the
 * plan's DDL preview and runs in prepare or swap, so the preview is exactly what will execute.
 */
public record DdlStep(String statement, Object param) {
    public static DdlStep of(Class<?> mapper, String id, Object param) {
        return new DdlStep(mapper.getName() + "." + id, param);
    }

    public String render(Configuration cfg) {
        return cfg.getMappedStatement(statement).getBoundSql(param).getSql().strip().replaceAll("\\s*\\n\\s*", "\n  ");
    }

    public void run(SqlSession s) {
        s.update(statement, param);
    }

    /**
     * Steps rendered ahead of time into multi-statement batches: one round trip instead of one per
     * statement, and no template work while locks are held, which together were most of a swap's
     * lock hold. A step with bind parameters stays a step of its own.
     */
    public record Batch(List<Object> parts) {
        public static Batch of(Configuration cfg, List<DdlStep> steps) {
            List<Object> parts = new ArrayList<>();
            StringBuilder sql = new StringBuilder();
            for (DdlStep step : steps) {
                BoundSql b = cfg.getMappedStatement(step.statement).getBoundSql(step.param);
                if (b.getParameterMappings().isEmpty()) {
                    sql.append(b.getSql()).append(";\n");
                } else {
                    if (sql.length() > 0) {
                        parts.add(sql.toString());
                        sql.setLength(0);
                    }
                    parts.add(step);
                }
            }
            if (sql.length() > 0) {
                parts.add(sql.toString());
            }
            return new Batch(List.copyOf(parts));
        }

        public void run(SqlSession s) {
            for (Object p : parts) {
                if (p instanceof DdlStep step) {
                    step.run(s);
                } else {
                    execute(s, (String) p);
                }
            }
        }

        /** How many statements go in one round trip (for the tests of the batching). */
        public int roundTrips() {
            return parts.size();
        }
    }

    private static void execute(SqlSession s, String batch) {
        try (Statement st = s.getConnection().createStatement()) {
            st.execute(batch);
        } catch (SQLException e) {
            throw new PersistenceException("DDL batch failed: " + e.getMessage(), e);
        }
    }
}
