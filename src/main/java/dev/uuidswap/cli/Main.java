package dev.uuidswap.cli;

/** Entry point: the only place that calls System.exit. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code = new Cli(System.out, System.err, System.getenv()).run(args);
        System.out.flush();
        System.exit(code);
    }
}
