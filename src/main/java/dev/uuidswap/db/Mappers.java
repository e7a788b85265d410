package dev.uuidswap.db;

import java.util.List;

/** Every mapper interface; each has its XML beside it on the class path. */
final class Mappers {
    static final List<Class<?>> ALL = List.of(
            dev.uuidswap.catalog.CatalogMapper.class,
            dev.uuidswap.state.StateMapper.class,
            dev.uuidswap.shadow.ShadowMapper.class,
            dev.uuidswap.copy.CopyMapper.class,
            dev.uuidswap.verify.VerifyMapper.class,
            dev.uuidswap.swap.SwapMapper.class,
            dev.uuidswap.bench.BenchMapper.class);

    private Mappers() {
    }
}
