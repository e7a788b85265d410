package dev.uuidswap.model;

/** The documented exit codes: README, runbooks and {@code uuidswap --help} list these. */
public enum ExitCode {
    OK(0, "done"),
    INTERNAL(1, "internal error"),
    USAGE(2, "usage or connection error, or a read-only server"),
    BLOCKED(3, "blocked: nothing was changed"),
    VERIFY_FAILED(4, "verification found differences"),
    LOCKS_NOT_ACQUIRED(5, "locks or old snapshots not cleared within the retries: nothing was changed"),
    WRONG_PHASE(6, "wrong phase, or another uuidswap process works on this migration"),
    PRIVILEGE(7, "the role lacks a privilege this step needs"),
    DISK_FULL(8, "the server ran out of disk space (abort gives the space back)");

    public final int code;
    public final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }
}
