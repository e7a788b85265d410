package dev.uuidswap.bench;

import dev.uuidswap.catalog.Model.ForeignKey;
import dev.uuidswap.model.ColumnRef;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.TableRef;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/** Statements of {@code BenchMapper.xml}. */
public interface BenchMapper {
    long countAll(@Param("table") TableRef table);

    java.math.BigDecimal hashAll(@Param("table") TableRef table);

    List<String> sampleKeys(@Param("table") TableRef table, @Param("n") int n);

    String lookupString(@Param("table") TableRef table, @Param("id") String id);

    String lookupUuid(@Param("table") TableRef table, @Param("id") String id);

    void indexProbesOnly(@Param("table") TableRef table);

    long probe(@Param("table") TableRef table);

    long joinString(@Param("parent") TableRef parent, @Param("child") TableRef child, @Param("ids") List<String> ids);

    long joinUuid(@Param("parent") TableRef parent, @Param("child") TableRef child, @Param("ids") List<String> ids);

    record Sizes(long heap, long indexes) {
    }

    Sizes sizes(@Param("table") String table);

    void insertTag(@Param("table") TableRef table, @Param("id") String id, @Param("userId") String userId,
            @Param("name") String name, @Param("uuid") boolean uuid);

    void updateTag(@Param("table") TableRef table, @Param("id") String id, @Param("name") String name);

    void deleteTag(@Param("table") TableRef table, @Param("id") String id);

    String nonCanonicalKey(@Param("table") TableRef table);

    int touchUser(@Param("table") TableRef table, @Param("id") String id, @Param("name") String name);

    void createUnloggedLike(@Param("name") TableRef name, @Param("like") TableRef like);

    void dropTable(@Param("name") TableRef name);

    void serialOnly();

    long castPass(@Param("table") TableRef table, @Param("columns") List<Ident> columns, @Param("cast") boolean cast);

    void vacuumAnalyze(@Param("table") TableRef table);

    void canonicalize(@Param("table") TableRef table, @Param("column") Ident column);

    List<String> explainJoin(@Param("parent") TableRef parent, @Param("child") TableRef child,
            @Param("ids") List<String> ids, @Param("uuid") boolean uuid);

    void captureTrigger(@Param("table") TableRef table, @Param("trigger") Ident trigger, @Param("on") boolean on);

    void createDatabaseFrom(@Param("name") Ident name, @Param("template") Ident template);

    void dropDatabase(@Param("name") Ident name);

    void inPlace(@Param("fks") List<ForeignKey> fks, @Param("columns") List<ColumnRef> columns);
}
