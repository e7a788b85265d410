package dev.uuidswap.shadow;

/** Statements of {@code ShadowMapper.xml}; they run as {@link dev.uuidswap.db.DdlStep}s. */
public interface ShadowMapper {
}
