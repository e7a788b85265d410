package dev.uuidswap.verify;

/** Statements of {@code VerifyMapper.xml}. */
public interface VerifyMapper {
}
