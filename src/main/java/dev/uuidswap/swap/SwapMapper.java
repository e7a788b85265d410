package dev.uuidswap.swap;

/** Statements of {@code SwapMapper.xml}. */
public interface SwapMapper {
    Long replicaLagMillis();
}
