package dev.uuidswap.cli;

import dev.uuidswap.app.Flows;
import dev.uuidswap.app.Output;
import dev.uuidswap.config.Settings;
import dev.uuidswap.db.Database;
import dev.uuidswap.model.ExitCode;
import dev.uuidswap.plan.Plan;
import dev.uuidswap.plan.Planner;
import dev.uuidswap.report.PlanReport;
import dev.uuidswap.report.Renderer;

/** {@code plan}: the read-only report; exit 3 when anything blocks the conversion. */
final class PlanCommand implements Commands.Command {
    private final Settings s;
    private final Output out;
    private final Planner planner;

    PlanCommand(Settings s, Database db, Output out) {
        this.s = s;
        this.out = out;
        this.planner = Flows.planner(db, s);
    }

    @Override
    public int execute() {
        Plan plan = planner.plan(s.table(), s.also(), Flows.planOptions(s, out));
        out.report(Renderer.render(s.format(), PlanReport.of(plan), plan), s.output());
        return plan.blocked() ? ExitCode.BLOCKED.code : ExitCode.OK.code;
    }
}
