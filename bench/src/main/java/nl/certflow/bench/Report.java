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

    void write(Path resultsDir, Path plot) throws IOException {
        String table = table();
        System.out.println();
        System.out.println(table);
        Files.createDirectories(resultsDir);
        String machine = machine();
        Files.writeString(
                resultsDir.resolve("latest.md"),
                "# certflow benchmark (" + settings.name() + ")\n\n"
                        + LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS) + " · " + machine + "\n\n" + table);
        LatencyPlot.write(all, plot);
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
        rows.add(row("lifecycles/s in-process ceiling", "", f -> fmt("%.2f", f.ceilingPerSecond)));
        rows.add(row("HTTP / ceiling", "≥ 0.5", f -> fmt("%.2f", f.ceilingRatio())));
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
