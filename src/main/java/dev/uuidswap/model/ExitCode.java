package dev.uuidswap.model;

/** The documented exit codes (spec §1). */
public enum ExitCode {
    OK(0, "done"),
    INTERNAL(1, "internal error"),
    USAGE(2, "usage or connection error"),
    BLOCKED(3, "blocked: nothing was changed"),
    VERIFY_FAILED(4, "verification found differences"),
    LOCKS_NOT_ACQUIRED(5, "locks not acquired within the retries: nothing was changed"),
    WRONG_PHASE(6, "wrong phase");

    public final int code;
    public final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }
}
