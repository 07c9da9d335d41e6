package nl.certflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import nl.certflow.bench.Latencies.Summary;

/** The table (stdout and bench/results/latest.md) and the latency plot. */
final class Report {

    private final Settings settings;
    private final List<Figures> all;

    Report(Settings settings, List<Figures> all) {
        this.settings = settings;
        this.all = all;
    }

    void write(Path resultsDir, Path plot, Path capacityPlot) throws IOException {
        String table = table() + "\n" + sweepTables();
        System.out.println();
        System.out.println(table);
        Files.createDirectories(resultsDir);
        String machine = machine();
        Files.writeString(
                resultsDir.resolve("latest.md"),
                "# certflow benchmark (" + settings.name() + ")\n\n"
                        + LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS) + " · " + machine + "\n\n" + table);
        LatencyPlot.write(all, plot);
        CapacityPlot.write(all, capacityPlot);
    }

    private String table() {
        StringBuilder out = new StringBuilder("| figure | target |");
        StringBuilder rule = new StringBuilder("|---|---|");
        for (Figures f : all) {
            out.append(' ').append(f.database).append(" |");
            rule.append("---|");
        }
        out.append('\n').append(rule).append('\n');
        List<String[]> rows = new ArrayList<>();
        rows.add(row(
                "start-up to ready, fresh / with " + settings.scaleLarge() + " orders (s)",
                "≤ 12",
                f -> fmt("%.1f / %.1f", f.startupFresh, f.startupLarge)));
        rows.add(row(
                "lifecycles/s over HTTP (" + settings.customers() + " customers)",
                "",
                f -> fmt("%.2f", f.lifecyclesPerSecond)
                        + (f.lifecycleFailures > 0 ? " (" + f.lifecycleFailures + " failed)" : "")));
        rows.add(row(
                "HTTP (" + settings.customers() + " customers) / ceiling (a)", "", f -> fmt("%.2f", f.ceilingRatio())));
        rows.add(row(
                "capacity: peak lifecycles/s over HTTP, customers polling every 1 s (at customers)",
                "",
                f -> fmt("%.2f (%d)", f.sweep.peak().perSecond(), f.sweep.peak().customers())));
        rows.add(row("capacity: failed lifecycles in the sweep", "0", f -> Integer.toString(f.sweep.failed())));
        rows.add(row(
                "capacity: node CPU ms per lifecycle at the peak",
                "",
                f -> fmt("%.1f", f.sweep.peak().cpuMsPerLifecycle())));
        rows.add(row(
                "capacity: HTTP requests / SQL statements per lifecycle at the peak",
                "",
                f -> fmt(
                        "%.1f / %.0f",
                        f.sweep.peak().requestsPerLifecycle(), f.sweep.peak().statementsPerLifecycle())));
        rows.add(row("capacity: API p50 / p99 at ~half the peak (ms; customers, lifecycles/s)", "", f -> near(f, 0.5)));
        rows.add(row(
                "capacity: API p50 / p99 at ~90 % of the peak (ms; customers, lifecycles/s)", "", f -> near(f, 0.9)));
        rows.add(row(
                "capacity: lifecycles/s at " + Sweep.OVERLOAD + "× the saturating customers, % of the peak",
                "",
                f -> fmt(
                        "%.0f %% (%d customers, %.2f/s)",
                        100 * f.sweep.overload().perSecond() / f.sweep.peak().perSecond(),
                        f.sweep.overload().customers(),
                        f.sweep.overload().perSecond())));
        rows.add(row(
                "ceiling (a): certflow's model, no-op delegates, in-process, lifecycles/s at saturation (drivers)",
                "",
                f -> ceiling(f.ceilingA)));
        rows.add(row(
                "ceiling (b): minimal five-transition model, lifecycles/s at saturation (drivers)",
                "",
                f -> ceiling(f.ceilingB)));
        rows.add(row("capacity: node peak / ceiling (a)", "", f -> fmt("%.2f", f.peakOverCeilingA())));
        rows.add(row("ceiling (a) / ceiling (b)", "", f -> fmt("%.2f", f.ceilingAOverB())));
        rows.add(row("capacity: node peak / ceiling (b)", "≥ 0.5", f -> fmt("%.2f", f.peakOverCeilingB())));
        for (String call : all.get(0).calls.keySet()) {
            rows.add(row("API " + call + " p50 / p99 (ms)", "", f -> ms(f.calls.get(call))));
        }
        rows.add(row("push → status change p50 / p99 (ms)", "", f -> ms(f.pushToStatus)));
        rows.add(row(
                "push acknowledgement at 200/s p50 / p99 / max (ms)",
                "p99 ≤ 20",
                f -> ms(f.pushAck)
                        + fmt(" / %.1f", f.pushAck.max())
                        + (f.pushFailures > 0 ? " (" + f.pushFailures + " failed)" : "")));
        rows.add(row(
                "push → status p50 with " + settings.scaleSmall() + " waiting (ms)",
                "",
                f -> fmt("%.1f", f.scaleSmall.p50())));
        rows.add(row(
                "push → status p50 with " + settings.scaleLarge() + " waiting (ms)",
                "",
                f -> fmt("%.1f", f.scaleLarge.p50())));
        rows.add(row("scale ratio (large / small)", "≤ 1.3", f -> fmt("%.2f", f.scaleRatio())));
        rows.add(row(
                "expiry burst of " + settings.expiring() + ": s / timers/s",
                "≥ 500/s",
                f -> fmt("%.1f s / %.0f", f.expirySeconds, f.timersPerSecond())
                        + (f.expired < settings.expiring() ? fmt(" (only %.0f)", f.expired) : "")));
        rows.add(row(
                "DB bytes per lifecycle (certflow + engine history + runtime)",
                "≤ 8 KB",
                f -> fmt(
                        "%.0f = %.0f + %.0f + %.0f",
                        f.bytesPerLifecycle,
                        f.permanentBytesPerLifecycle,
                        f.engineHistoryBytesPerLifecycle,
                        f.engineRuntimeBytesPerLifecycle)));
        String endpoints = Bench.WEBHOOK_ENDPOINTS + " webhook endpoints";
        rows.add(row("events per lifecycle (feed; each webhook endpoint)", "", f -> fmt("%.1f", f.eventsPerLifecycle)));
        rows.add(row(
                "lifecycles/s over HTTP without / with " + endpoints,
                "",
                f -> fmt(
                        "%.2f / %.2f (%+.0f%%)",
                        f.lifecyclesPerSecond,
                        f.webhookLifecyclesPerSecond,
                        100 * (f.webhookLifecyclesPerSecond / f.lifecyclesPerSecond - 1))));
        rows.add(row(
                "node CPU ms per lifecycle without / with " + endpoints,
                "",
                f -> fmt(
                        "%.1f / %.1f (%+.1f ms, %+.0f%%)",
                        f.cpuMsPerLifecycle,
                        f.webhookCpuMsPerLifecycle,
                        f.webhookCpuMsPerLifecycle - f.cpuMsPerLifecycle,
                        100 * (f.webhookCpuMsPerLifecycle / f.cpuMsPerLifecycle - 1))));
        rows.add(row(
                "event → webhook received p50 / p99 (ms)",
                "",
                f -> ms(f.deliveryLag)
                        + (f.forgedDeliveries > 0 ? " (" + f.forgedDeliveries + " bad signatures)" : "")
                        + (f.undeliveredBacklogs > 0 ? " (" + f.undeliveredBacklogs + " not drained)" : "")));
        rows.add(row("event bytes per lifecycle (cf_event)", "", f -> fmt("%.0f", f.eventBytesPerLifecycle)));
        for (String[] row : rows) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return out.toString();
    }

    /** Per database kind, every step of the saturation sweep. */
    private String sweepTables() {
        StringBuilder out = new StringBuilder();
        for (Figures f : all) {
            out.append("Saturation sweep, ")
                    .append(f.database)
                    .append(" (saturating at ")
                    .append(f.sweep.saturating())
                    .append(" customers):\n\n")
                    .append("| customers | lifecycles/s | node CPU ms / lifecycle | HTTP requests / lifecycle"
                            + " | SQL statements / lifecycle | failed | API p50 / p99 (ms) |\n")
                    .append("|---|---|---|---|---|---|---|\n");
            for (Sweep.Step s : f.sweep.steps()) {
                out.append(fmt(
                        "| %d | %.2f | %.1f | %.1f | %.0f | %d | %s |%n",
                        s.customers(),
                        s.perSecond(),
                        s.cpuMsPerLifecycle(),
                        s.requestsPerLifecycle(),
                        s.statementsPerLifecycle(),
                        s.failed(),
                        ms(s.api())));
            }
            out.append('\n');
            out.append("Ceilings, ")
                    .append(f.database)
                    .append(", lifecycles/s by drivers: (a) ")
                    .append(steps(f.ceilingA))
                    .append("; (b) ")
                    .append(steps(f.ceilingB))
                    .append("\n\n");
        }
        return out.toString();
    }

    private static String near(Figures f, double fraction) {
        Sweep.Step s = f.sweep.near(fraction);
        return ms(s.api()) + fmt(" (%d, %.2f/s)", s.customers(), s.perSecond());
    }

    private static String ceiling(List<double[]> steps) {
        double[] peak = Figures.peak(steps);
        return fmt("%.2f (%.0f)", peak[1], peak[0]);
    }

    private static String steps(List<double[]> steps) {
        StringBuilder out = new StringBuilder();
        for (double[] step : steps) {
            out.append(out.length() == 0 ? "" : ", ").append(fmt("%.0f: %.2f", step[0], step[1]));
        }
        return out.toString();
    }

    private String[] row(String name, String target, Function<Figures, String> value) {
        List<String> cells = new ArrayList<>(List.of(name, target));
        all.forEach(f -> cells.add(value.apply(f)));
        return cells.toArray(String[]::new);
    }

    private static String ms(Summary s) {
        return s == null ? "–" : fmt("%.1f / %.1f", s.p50(), s.p99());
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static String machine() {
        Map<String, String> env = System.getenv();
        return Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + ", load before the run: " + env.getOrDefault("BENCH_LOAD", "?");
    }
}
