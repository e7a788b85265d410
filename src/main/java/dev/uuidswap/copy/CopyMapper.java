package dev.uuidswap.copy;

import dev.uuidswap.model.Ident;
import dev.uuidswap.model.KeyColumn;
import dev.uuidswap.model.Literal;
import dev.uuidswap.model.TableRef;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/** Statements of {@code CopyMapper.xml}. */
public interface CopyMapper {
    String exportSnapshot();

    void useSnapshot(@Param("snapshot") Literal snapshot);

    Copier.Table table(@Param("table") String qualifiedTable);

    int copyChunk(@Param("shadow") TableRef shadow, @Param("live") TableRef live,
            @Param("columns") List<CopyColumn> columns, @Param("overriding") boolean overriding,
            @Param("from") long fromBlock, @Param("to") long toBlock);

    int spellChunk(@Param("map") TableRef map, @Param("live") TableRef live, @Param("column") Ident column,
            @Param("from") long fromBlock, @Param("to") long toBlock);

    int spellForget(@Param("map") TableRef map, @Param("shadow") TableRef shadow, @Param("log") TableRef log,
            @Param("key") List<KeyColumn> key, @Param("column") Ident column, @Param("upper") long upper,
            @Param("uuidPattern") String uuidPattern);

    int spellLearn(@Param("map") TableRef map, @Param("live") TableRef live, @Param("log") TableRef log,
            @Param("key") List<KeyColumn> key, @Param("column") Ident column, @Param("upper") long upper);

    void truncate(@Param("table") TableRef table);

    long backlog(@Param("log") TableRef log);

    /** {@code limit} null: every entry. */
    Long batchUpper(@Param("log") TableRef log, @Param("limit") Integer limit);

    Long firstTruncate(@Param("log") TableRef log, @Param("upper") long upper);

    int resyncDelete(@Param("shadow") TableRef shadow, @Param("log") TableRef log,
            @Param("key") List<KeyColumn> key, @Param("upper") long upper, @Param("uuidPattern") String uuidPattern);

    int resyncInsert(@Param("shadow") TableRef shadow, @Param("live") TableRef live, @Param("log") TableRef log,
            @Param("columns") List<CopyColumn> columns, @Param("key") List<KeyColumn> key,
            @Param("overriding") boolean overriding, @Param("upper") long upper);

    int logDelete(@Param("log") TableRef log, @Param("upper") long upper);

    List<String> invalidRowsInBlocks(@Param("live") TableRef live, @Param("columns") List<CopyColumn> columns,
            @Param("key") List<KeyColumn> key, @Param("from") long from, @Param("to") long to, @Param("uuidPattern") String uuidPattern);

    List<String> invalidRows(@Param("live") TableRef live, @Param("log") TableRef log, @Param("columns") List<CopyColumn> columns,
            @Param("key") List<KeyColumn> key, @Param("upper") long upper, @Param("uuidPattern") String uuidPattern);

    void sampleTable(@Param("live") TableRef live, @Param("columns") List<CopyColumn> columns);

    int sampleInsert(@Param("live") TableRef live, @Param("columns") List<CopyColumn> columns, @Param("limit") int limit);
}
