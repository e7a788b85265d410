package dev.uuidswap.db;

import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;

/**
 * One statement of a DDL script: a mapper statement and its parameter. The same step renders the
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
}
