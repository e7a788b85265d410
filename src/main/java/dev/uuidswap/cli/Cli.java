package dev.uuidswap.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.uuidswap.app.Flows;
import dev.uuidswap.app.Output;
import dev.uuidswap.config.Masking;
import dev.uuidswap.config.Settings;
import dev.uuidswap.config.SettingsLoader;
import dev.uuidswap.db.Database;
import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.UuidswapException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.slf4j.LoggerFactory;

/**
 * Parses the command line, builds the settings, runs one command and maps every failure to a
 * documented exit code with a one-line message (a stack trace only with --verbose). Returns the
 * code; only {@link Main} exits, so tests run the CLI in-process.
 */
public final class Cli {
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    public Cli(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public int run(String... args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            toolHelp(out);
            return args.length == 0 ? ExitCode.USAGE.code : ExitCode.OK.code;
        }
        String name = args[0];
        Commands.Entry entry = Commands.ALL.get(name);
        if (entry == null) {
            err.println("uuidswap: unknown command '" + name + "'; commands: " + String.join(", ", Commands.ALL.keySet()));
            return ExitCode.USAGE.code;
        }
        Options options = CliOptions.forCommand(name);
        boolean verbose = Arrays.asList(args).contains("--verbose");
        String user = null;
        try {
            CommandLine cl = new DefaultParser().parse(options, Arrays.copyOfRange(args, 1, args.length));
            if (cl.hasOption(CliOptions.HELP)) {
                commandHelp(name, entry, options);
                return ExitCode.OK.code;
            }
            if (!cl.getArgList().isEmpty()) {
                throw new UuidswapException(ExitCode.USAGE, "unexpected argument '" + cl.getArgList().get(0) + "'");
            }
            Settings s = new SettingsLoader(env, Path.of(System.getProperty("user.home"))).load(name, args(cl));
            logLevel(s);
            user = s.user();
            Output o = new Output(out, err, s.quiet());
            if (!entry.needsDatabase()) {
                return entry.factory().create(s, null, o).execute();
            }
            try (Database db = Flows.open(s)) {
                return entry.factory().create(s, db, o).execute();
            }
        } catch (ParseException e) {
            err.println("uuidswap " + name + ": " + e.getMessage() + " (see uuidswap " + name + " --help)");
            return ExitCode.USAGE.code;
        } catch (UuidswapException e) {
            err.println("uuidswap " + name + ": " + Masking.mask(e.getMessage()));
            trace(verbose, e);
            return e.exitCode().code;
        } catch (RuntimeException e) {
            UuidswapException known = Failures.explain(e, user);
            err.println("uuidswap " + name + ": " + Masking.mask(known.getMessage()));
            trace(verbose, e);
            return known.exitCode().code;
        }
    }

    private void trace(boolean verbose, Throwable e) {
        if (verbose) {
            e.printStackTrace(err);
        }
    }

    private static void logLevel(Settings s) {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(s.verbose() ? Level.DEBUG : s.quiet() ? Level.WARN : Level.INFO);
        for (String lib : List.of("com.zaxxer.hikari", "org.apache.ibatis", "org.postgresql", "org.testcontainers")) {
            ((Logger) LoggerFactory.getLogger(lib)).setLevel(s.verbose() ? Level.INFO : Level.OFF);
        }
    }

    private static SettingsLoader.Args args(CommandLine cl) {
        return new SettingsLoader.Args() {
            @Override
            public String get(String n) {
                return cl.getOptionValue(n);
            }

            @Override
            public List<String> all(String n) {
                String[] v = cl.getOptionValues(n);
                return v == null ? List.of() : List.of(v);
            }

            @Override
            public boolean has(String n) {
                return cl.hasOption(n);
            }
        };
    }

    private void toolHelp(PrintStream p) {
        p.println("usage: uuidswap <command> [options]   (uuidswap <command> --help for its options)");
        p.println();
        p.println("Moves a table's varchar UUID primary key, and every foreign key that references it,");
        p.println("to native uuid by a blue/green table swap, online, with an instant way back.");
        p.println();
        p.println("commands:");
        Commands.ALL.forEach((k, v) -> p.printf("  %-10s %s%n", k, v.description()));
        p.println();
        p.println("exit codes:");
        for (ExitCode c : ExitCode.values()) {
            p.printf("  %d  %s%n", c.code, c.meaning);
        }
    }

    private void commandHelp(String name, Commands.Entry e, Options options) {
        HelpFormatter f = HelpFormatter.builder().get();
        PrintWriter w = new PrintWriter(out);
        f.printHelp(w, 100, "uuidswap " + name + " [options]", e.description(), options, 2, 4, "", false);
        w.flush();
    }
}
