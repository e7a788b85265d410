package dev.uuidswap.config;

/** Passwords never leave the process: every URL or message shown to a person goes through here. */
public final class Masking {
    private Masking() {
    }

    public static String mask(String text) {
        return text == null ? null : text.replaceAll("(?i)(password=)[^&;\\s]*", "$1***");
    }
}
