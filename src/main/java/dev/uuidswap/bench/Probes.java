package dev.uuidswap.bench;

import dev.uuidswap.catalog.CatalogMapper;
import dev.uuidswap.catalog.Inspector;
import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.copy.CopyColumn;
import dev.uuidswap.copy.CopyMapper;
import dev.uuidswap.db.Database;
import dev.uuidswap.db.DdlStep;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.shadow.ShadowBuilder;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.shadow.ShadowMapper;
import dev.uuidswap.state.StateMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** The benchmark's probes: the limits it compares with, and the application-side measurements. */
public final class Probes {
    static final int REPS = 3;

    private Probes() {
    }

    /** Shadows empty and without indexes, the log empty, the state back to "prepared". */
    public static void reset(Database db, MigrationSet set) {
        db.inTransaction(x -> {
            for (SetTable t : set.tables()) {
                x.getMapper(CopyMapper.class).truncate(ShadowBuilder.shadowOf(t.ref()));
                x.getMapper(CopyMapper.class).truncate(ShadowBuilder.logOf(t.ref()));
                for (var ix : new Inspector(x.getMapper(CatalogMapper.class))
                        .table(ShadowBuilder.shadowOf(t.ref())).indexes()) {
                    if (ix.constraintType() != null) {
                        DdlStep.of(ShadowMapper.class, "dropConstraint", Map.of("table", ShadowBuilder.shadowOf(t.ref()),
                                "name", ix.constraintName())).run(x);
                    } else {
                        DdlStep.of(ShadowMapper.class, "dropIndex", Map.of("index",
                                ShadowBuilder.shadowOf(t.ref()).withTable(ix.name()))).run(x);
                    }
                }
                x.getMapper(StateMapper.class).copyState("public.users", t.ref().schema().name(), t.ref().table().name(), "pending", 0);
            }
            x.getMapper(StateMapper.class).setPhase("public.users", "PREPARED");
            return null;
        });
    }

    /** The limit: one INSERT … SELECT per table (with the casts), then the same index and key builds. */
    public static double limit(Database db, MigrationSet set, boolean indexesFirst) {
        ShadowBuilder b = new ShadowBuilder(true);
        if (indexesFirst) {
            db.inTransaction(x -> {
                set.tables().forEach(t -> b.indexes(t, set).forEach(st -> st.run(x)));
                return null;
            });
        }
        return Measure.seconds(() -> db.inTransaction(x -> {
            for (SetTable t : set.tables()) {
                x.getMapper(CopyMapper.class).copyChunk(ShadowBuilder.shadowOf(t.ref()), t.ref(), CopyColumn.of(t),
                        CopyColumn.needsOverriding(t), 0, Integer.MAX_VALUE);
            }
            if (!indexesFirst) {
                set.tables().forEach(t -> b.indexes(t, set).forEach(st -> st.run(x)));
            }
            return null;
        }));
    }

    public record Seed(long bytes, double lookupMs, double joinMs) {
    }

    public static Seed seed(Database db, TableRef users, TableRef je, List<String> keys, boolean uuid) {
        return db.inTransaction(x -> {
            BenchMapper m = x.getMapper(BenchMapper.class);
            long bytes = 0;
            for (TableRef t : List.of(users, je)) {
                var sz = m.sizes(t.toString());
                bytes += ((Number) sz.get("heap")).longValue() + ((Number) sz.get("indexes")).longValue();
            }
            double lookup = Measure.medianOf(REPS, () -> Measure.seconds(() -> keys.forEach(k -> {
                if (uuid) {
                    m.lookupUuid(users, k);
                } else {
                    m.lookupString(users, k);
                }
            }))) * 1000 / keys.size();
            List<String> thousand = keys.subList(0, Math.min(1000, keys.size()));
            double join = Measure.medianOf(REPS, () -> Measure.seconds(() -> {
                if (uuid) {
                    m.joinUuid(users, je, thousand);
                } else {
                    m.joinString(users, je, thousand);
                }
            })) * 1000;
            return new Seed(bytes, lookup, join);
        });
    }

    /** Mean latency (ms) of single-row insert, update, delete on tags from two connections. */
    public static double writes(Database db, String userId, int ops) throws InterruptedException {
        TableRef tags = TableRef.of("public", "tags");
        AtomicLong nanos = new AtomicLong();
        AtomicLong count = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            Thread t = new Thread(() -> {
                for (int i = 0; i < ops / 3; i++) {
                    String id = UUID.randomUUID().toString();
                    for (int op = 0; op < 3; op++) {
                        final int o = op;
                        long t0 = System.nanoTime();
                        db.inTransaction(x -> {
                            BenchMapper m = x.getMapper(BenchMapper.class);
                            if (o == 0) {
                                m.insertTag(tags, id, userId, id);
                            } else if (o == 1) {
                                m.updateTag(tags, id, "b" + id);
                            } else {
                                m.deleteTag(tags, id);
                            }
                            return null;
                        });
                        nanos.addAndGet(System.nanoTime() - t0);
                        count.incrementAndGet();
                    }
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return nanos.get() / 1e6 / count.get();
    }
}
