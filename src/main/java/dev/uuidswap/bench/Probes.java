package dev.uuidswap.bench;

import dev.uuidswap.catalog.CatalogMapper;
import dev.uuidswap.catalog.Inspector;
import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.copy.CopyColumn;
import dev.uuidswap.copy.CopyMapper;
import dev.uuidswap.db.Database;
import dev.uuidswap.model.CopyState;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.Phase;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.shadow.ShadowBuilder;
import dev.uuidswap.state.StateMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** The benchmark's probes: the limits it compares with, and the application-side measurements. */
public final class Probes {
    static final int REPS = 3;
    /** The sample schema's migration. */
    static final String MIGRATION = "public.users";

    private Probes() {
    }

    /** Shadows empty and without indexes, the log empty, the state back to "prepared". */
    public static void reset(Database db, MigrationSet set) {
        db.inTransaction(x -> {
            for (SetTable t : set.tables()) {
                x.getMapper(CopyMapper.class).truncate(ShadowBuilder.shadowOf(t.ref()));
                x.getMapper(CopyMapper.class).truncate(ShadowBuilder.logOf(t.ref()));
                ShadowBuilder.dropIndexes(new Inspector(x.getMapper(CatalogMapper.class)).table(ShadowBuilder.shadowOf(t.ref())))
                        .forEach(st -> st.run(x));
                x.getMapper(StateMapper.class).copyState(MIGRATION, t.ref().schema().name(), t.ref().table().name(),
                        CopyState.PENDING.stored(), 0);
            }
            x.getMapper(StateMapper.class).setPhase(MIGRATION, Phase.PREPARED.name());
            return null;
        });
    }

    /** The limit's two parts: the INSERT … SELECT of every table, then the index and key builds. */
    public record Limit(double insert, double index) {
        public double total() {
            return insert + index;
        }
    }

    /** The limit: one INSERT … SELECT per table (with the casts), then the same index and key builds. */
    public static Limit limit(Database db, MigrationSet set, boolean indexesFirst) {
        ShadowBuilder b = new ShadowBuilder(true, null);
        if (indexesFirst) {
            db.inTransaction(x -> {
                set.tables().forEach(t -> b.indexes(t, set).forEach(st -> st.run(x)));
                return null;
            });
        }
        double[] parts = new double[2];
        db.inTransaction(x -> {
            parts[0] = Measure.seconds(() -> set.tables().forEach(t -> x.getMapper(CopyMapper.class).copyChunk(
                    ShadowBuilder.shadowOf(t.ref()), t.ref(), CopyColumn.of(t), CopyColumn.needsOverriding(t), 0,
                    Integer.MAX_VALUE)));
            if (!indexesFirst) {
                parts[1] = Measure.seconds(() -> set.tables().forEach(t -> b.indexes(t, set).forEach(st -> st.run(x))));
            }
            return null;
        });
        return new Limit(parts[0], parts[1]);
    }

    /** The limit's INSERT … SELECT into unlogged copies of the shadows: the same work without WAL. */
    public static double unlogged(Database db, MigrationSet set) {
        List<TableRef> temp = set.tables().stream()
                .map(t -> t.ref().withTable(Ident.of("bench_unlogged_" + t.ref().table().name()))).toList();
        try {
            db.inTransaction(x -> {
                for (int i = 0; i < temp.size(); i++) {
                    x.getMapper(BenchMapper.class).dropTable(temp.get(i));
                    x.getMapper(BenchMapper.class).createUnloggedLike(temp.get(i), ShadowBuilder.shadowOf(set.tables().get(i).ref()));
                }
                return null;
            });
            return Measure.seconds(() -> db.inTransaction(x -> {
                for (int i = 0; i < temp.size(); i++) {
                    SetTable t = set.tables().get(i);
                    x.getMapper(CopyMapper.class).copyChunk(temp.get(i), t.ref(), CopyColumn.of(t),
                            CopyColumn.needsOverriding(t), 0, Integer.MAX_VALUE);
                }
                return null;
            }));
        } finally {
            db.inTransaction(x -> {
                temp.forEach(t -> x.getMapper(BenchMapper.class).dropTable(t));
                return null;
            });
        }
    }

    /** Seconds the ::uuid casts of every converted column cost in one serial pass (with − without). */
    public static double casts(Database db, MigrationSet set) {
        double[] with = new double[1];
        double[] without = new double[1];
        db.inTransaction(x -> {
            BenchMapper m = x.getMapper(BenchMapper.class);
            m.serialOnly();
            for (SetTable t : set.tables()) {
                m.castPass(t.ref(), t.converted(), false); // warm the cache for both passes
                without[0] += Measure.seconds(() -> m.castPass(t.ref(), t.converted(), false));
                with[0] += Measure.seconds(() -> m.castPass(t.ref(), t.converted(), true));
            }
            return null;
        });
        return Math.max(0, with[0] - without[0]);
    }

    /** VACUUM (ANALYZE) every table of the set and its shadow. */
    public static void vacuum(Database db, MigrationSet set) {
        db.autocommit(x -> {
            for (SetTable t : set.tables()) {
                x.getMapper(BenchMapper.class).vacuumAnalyze(t.ref());
                x.getMapper(BenchMapper.class).vacuumAnalyze(ShadowBuilder.shadowOf(t.ref()));
            }
            return null;
        });
    }

    /** Sizes, lookup and join times, and the join's plan, on the two tables as they are now. */
    public record Seed(long bytes, double lookupMs, double probeMs, double joinMs, String joinPlan) {
    }

    /**
     * Both tables vacuumed and analyzed first (a freshly copied table has no visibility map, so its
     * index-only scans would visit the heap), then one unmeasured run to warm the caches.
     */
    public static Seed seed(Database db, TableRef users, TableRef je, List<String> keys, boolean uuid) {
        db.autocommit(x -> {
            x.getMapper(BenchMapper.class).vacuumAnalyze(users);
            x.getMapper(BenchMapper.class).vacuumAnalyze(je);
            return null;
        });
        List<String> thousand = keys.subList(0, Math.min(1000, keys.size()));
        return db.inTransaction(x -> {
            BenchMapper m = x.getMapper(BenchMapper.class);
            long bytes = 0;
            for (TableRef t : List.of(users, je)) {
                BenchMapper.Sizes sz = m.sizes(t.toString());
                bytes += sz.heap() + sz.indexes();
            }
            Runnable lookups = () -> keys.forEach(k -> {
                if (uuid) {
                    m.lookupUuid(users, k);
                } else {
                    m.lookupString(users, k);
                }
            });
            Runnable join = () -> {
                if (uuid) {
                    m.joinUuid(users, je, thousand);
                } else {
                    m.joinString(users, je, thousand);
                }
            };
            lookups.run();
            join.run();
            double lookup = Measure.medianOf(REPS, () -> Measure.seconds(lookups)) * 1000 / keys.size();
            double joinMs = Measure.medianOf(REPS, () -> Measure.seconds(join)) * 1000;
            String plan = planShape(m.explainJoin(users, je, thousand, uuid));
            m.indexProbesOnly(users);
            long probed = Math.max(1, m.probe(users));
            double probe = Measure.medianOf(REPS, () -> Measure.seconds(() -> m.probe(users))) * 1000 / probed;
            return new Seed(bytes, lookup, probe, joinMs, plan);
        });
    }

    /** The plan's node names, outermost first ("Aggregate > Nested Loop > Index Only Scan …"). */
    static String planShape(List<String> plan) {
        List<String> nodes = new ArrayList<>();
        for (String line : plan) {
            String l = line.replaceFirst("^\\s*(->\\s*)?", "");
            int cut = l.indexOf("  (");
            if (cut > 0 && !l.startsWith("Filter") && !l.contains("Cond:")) {
                nodes.add(l.substring(0, cut));
            }
        }
        return String.join(" > ", nodes);
    }

    /** Mean latency of a single-row write and the throughput of all writers together. */
    public record Writes(double latencyMs, double perSecond) {
    }

    /**
     * Medians of {@code rounds} alternating probes without and with the capture trigger on tags
     * (prepare must have run): [0] without, [1] with.
     */
    /**
     * Writes on tags without and then with {@code trigger} (the capture trigger before the swap,
     * the reverse trigger after it, {@code uuid}), alternately on the same table, medians of
     * {@code rounds}. The writes insert, update and delete the same rows, so a run without the
     * trigger leaves nothing for it to have mirrored.
     */
    public static Writes[] writesAlternating(Database db, String userId, int ops, int rounds, Ident trigger, boolean uuid)
            throws InterruptedException {
        TableRef tags = TableRef.of("public", "tags");
        List<Writes> without = new ArrayList<>();
        List<Writes> with = new ArrayList<>();
        try {
            for (int i = 0; i < rounds; i++) {
                trigger(db, tags, trigger, false);
                without.add(writes(db, userId, ops, uuid));
                trigger(db, tags, trigger, true);
                with.add(writes(db, userId, ops, uuid));
            }
        } finally {
            trigger(db, tags, trigger, true);
        }
        return new Writes[] {medianWrites(without), medianWrites(with)};
    }

    private static Writes medianWrites(List<Writes> ws) {
        return new Writes(Measure.median(ws.stream().map(Writes::latencyMs).toList()),
                Measure.median(ws.stream().map(Writes::perSecond).toList()));
    }

    private static void trigger(Database db, TableRef table, Ident trigger, boolean on) {
        db.inTransaction(x -> {
            x.getMapper(BenchMapper.class).captureTrigger(table, trigger, on);
            return null;
        });
    }

    /** Single-row insert, update, delete on tags from two connections, each its own transaction. */
    public static Writes writes(Database db, String userId, int ops, boolean uuid) throws InterruptedException {
        TableRef tags = TableRef.of("public", "tags");
        AtomicLong nanos = new AtomicLong();
        AtomicLong count = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
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
                                m.insertTag(tags, id, userId, id, uuid);
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
        double wall = (System.nanoTime() - start) / 1e9;
        return new Writes(nanos.get() / 1e6 / count.get(), count.get() / wall);
    }
}
