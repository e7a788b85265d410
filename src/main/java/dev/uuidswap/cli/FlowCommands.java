package dev.uuidswap.cli;

import dev.uuidswap.config.Settings;
import dev.uuidswap.db.Database;
import dev.uuidswap.model.ExitCode;
import dev.uuidswap.report.Renderer;
import dev.uuidswap.report.StatusReport;
import dev.uuidswap.report.VerifyReport;
import java.util.Locale;

/** The commands of the sync phase: prepare, copy, verify, status, abort. Each a small object over its flow. */
final class FlowCommands {
    private FlowCommands() {
    }

    static final class Prepare implements Commands.Command {
        private final Settings s;
        private final Flows f;

        Prepare(Settings s, Database db, Output out) {
            this.s = s;
            this.f = new Flows(s, db, out);
        }

        @Override
        public int execute() {
            try (f) {
                var r = f.prepare().run(s.table(), s.also(), !s.noFkIndexes());
                if (r.nothingToDo()) {
                    f.out.report("prepare: " + s.table().display() + " already has a uuid key: nothing to do\n", null);
                } else {
                    f.out.report("prepare: " + (r.continued() ? "finished the capture triggers of " : "prepared ")
                            + r.migration() + ": shadows and change logs for " + r.tables() + "; capture triggers on "
                            + r.triggerTables() + " table(s). Next: uuidswap copy\n", null);
                }
                return ExitCode.OK.code;
            }
        }
    }

    static final class Copy implements Commands.Command {
        private final Settings s;
        private final Flows f;

        Copy(Settings s, Database db, Output out) {
            this.s = s;
            this.f = new Flows(s, db, out);
        }

        @Override
        public int execute() {
            try (f) {
                var r = f.copy().run(s.table());
                StringBuilder b = new StringBuilder();
                if (r.bulkCopied()) {
                    for (var t : r.tables()) {
                        b.append(String.format(Locale.ROOT, "copy: %s %,d rows in %.2f s%n", t.table(), t.rows(), t.seconds()));
                    }
                    b.append(String.format(Locale.ROOT, "copy: bulk %,d rows in %.2f s (%,.0f rows/s), indexes and keys %.2f s%n",
                            r.rows(), r.bulkSeconds(), r.rows() / Math.max(r.bulkSeconds(), 1e-3), r.indexSeconds()));
                }
                b.append(String.format(Locale.ROOT, "copy: caught up %,d change-log entries; backlog now %,d. Next: uuidswap verify%n",
                        r.caughtUp(), r.backlog()));
                f.out.report(b.toString(), null);
                return ExitCode.OK.code;
            }
        }
    }

    static final class Verify implements Commands.Command {
        private final Settings s;
        private final Flows f;

        Verify(Settings s, Database db, Output out) {
            this.s = s;
            this.f = new Flows(s, db, out);
        }

        @Override
        public int execute() {
            try (f) {
                var r = f.verify().run(s.table());
                f.out.report(Renderer.render(s.format(), VerifyReport.of(r), r), s.output());
                return r.ok() ? ExitCode.OK.code : ExitCode.VERIFY_FAILED.code;
            }
        }
    }

    static final class Status implements Commands.Command {
        private final Settings s;
        private final Flows f;

        Status(Settings s, Database db, Output out) {
            this.s = s;
            this.f = new Flows(s, db, out);
        }

        @Override
        public int execute() {
            try (f) {
                var r = f.status().run(s.table());
                if (r.isEmpty()) {
                    f.out.report(s.format().equals("json") ? "{\"migration\":null,\"phase\":\"none\"}\n"
                            : "status: no migration of " + s.table().display() + "\n", s.output());
                } else {
                    f.out.report(Renderer.render(s.format(), StatusReport.of(r.get()), r.get()), s.output());
                }
                return ExitCode.OK.code;
            }
        }
    }

    static final class Abort implements Commands.Command {
        private final Settings s;
        private final Flows f;

        Abort(Settings s, Database db, Output out) {
            this.s = s;
            this.f = new Flows(s, db, out);
        }

        @Override
        public int execute() {
            try (f) {
                var r = f.abort().run(s.table());
                f.out.report("abort: " + r.migration() + ": dropped " + r.dropped() + "; live tables untouched\n", null);
                return ExitCode.OK.code;
            }
        }
    }
}
