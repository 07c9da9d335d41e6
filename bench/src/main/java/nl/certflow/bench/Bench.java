package nl.certflow.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.certflow.bench.Latencies.Summary;

/** All figures for one database kind: the node over HTTP in four starts, and the in-process ceiling. */
final class Bench {

    private static final int PORT = 18_080;
    private static final int PUSH_RATE = 200;
    private static final int PUSH_ORDERS = 20;
    private static final Pattern TOTAL = Pattern.compile("\"total\":(\\d+)");
    static final int WEBHOOK_ENDPOINTS = 2;
    private static final Duration DRAIN_LIMIT = Duration.ofMinutes(5);
    private static final long STARTED = System.nanoTime();

    private final Settings settings;
    private final Path repo;
    private final Path work;
    private final String csr;
    private final Database database;
    private final Database ceilingDatabase;
    private final Figures figures;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Bench(Settings settings, Path repo, Path work, String csr, String kind) {
        this.settings = settings;
        this.repo = repo;
        this.work = work;
        this.csr = csr;
        this.figures = new Figures(kind);
        if (kind.equals("h2")) {
            database = Database.h2(work.resolve("app"));
            ceilingDatabase = Database.h2(work.resolve("ceiling"));
        } else {
            String url = System.getenv().getOrDefault("BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/");
            String user = System.getenv().getOrDefault("BENCH_PG_USER", "certflow_bench");
            String password = System.getenv().getOrDefault("BENCH_PG_PASSWORD", "certflow_bench");
            database = Database.postgres(url + "certflow_bench", user, password);
            ceilingDatabase = Database.postgres(url + "certflow_bench_ceiling", user, password);
        }
    }

    Figures run() throws Exception {
        Files.createDirectories(work.resolve("app"));
        log("== " + figures.database + " (" + settings.name() + ")");
        lifecycles();
        pushAcknowledgement();
        scaleAndExpiry();
        ceiling();
        return figures;
    }

    private void lifecycles() throws Exception {
        LifecycleLoad load;
        List<Instant[]> windows = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        Map<String, List<Summary>> calls = new HashMap<>();
        try (Node node = start()) {
            figures.startupFresh = node.startupSeconds;
            log("ready in %.1f s", node.startupSeconds);
            Api feed = node.api(http, new Latencies());
            figures.sweep = new Sweep(http, node, orderJson())
                    .run(Settings.SWEEP_FIRST, settings.sweepMost(), settings.sweepWarmUp(), settings.sweepWindow());
            drain(feed, null);
            load = new LifecycleLoad(http, node, orderJson());
            load.run(settings.customers(), settings.warmUp());
            drain(feed, null);
            List<Double> cpu = new ArrayList<>();
            for (int r = 0; r < settings.repeats(); r++) {
                Instant from = Instant.now();
                double cpuBefore = node.cpuSeconds();
                LifecycleLoad.Result result = load.run(settings.customers(), settings.repeat());
                windows.add(new Instant[] {from, Instant.now()});
                drain(feed, null);
                cpu.add((node.cpuSeconds() - cpuBefore) * 1000 / result.lifecycles());
                rates.add(result.perSecond());
                figures.lifecycleFailures += result.failures();
                result.latencies()
                        .summaries()
                        .forEach((name, s) -> calls.computeIfAbsent(name, n -> new ArrayList<>())
                                .add(s));
                log(
                        "lifecycles: %.2f/s (%d, %d failed), node CPU %.1f ms per lifecycle",
                        result.perSecond(), result.lifecycles(), result.failures(), cpu.get(r));
            }
            figures.cpuMsPerLifecycle = median(cpu);
            withWebhooks(node, feed);
            node.historyCleanup(http);
            Thread.sleep(2000);
        }
        figures.lifecyclesPerSecond = Latencies.Stats.median(
                rates.stream().mapToDouble(Double::doubleValue).toArray());
        calls.forEach((name, repeats) -> figures.calls.put(name, Summary.median(repeats)));
        List<Summary> pushes = new ArrayList<>();
        for (Instant[] window : windows) {
            pushes.add(Summary.of(database.pushToStatusMicros(window[0], window[1])));
        }
        figures.pushToStatus = Summary.median(pushes);
        dataVolume();
    }

    /**
     * The cost of the events (issue 15): the same lifecycles, in the same node right after the ones above, with
     * {@value #WEBHOOK_ENDPOINTS} webhook endpoints of the customer receiving every event on a receiver that checks
     * each signature. The node's CPU per lifecycle is counted until every endpoint has received the window's last
     * event. Without endpoints the events are still written (the outbox is part of every change) and numbered: that
     * part is in both figures, only the deliveries are extra.
     */
    private void withWebhooks(Node node, Api feed) throws Exception {
        List<Double> rates = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        List<Double> events = new ArrayList<>();
        List<Summary> lags = new ArrayList<>();
        try (EventReceiver receiver = new EventReceiver()) {
            for (int i = 0; i < WEBHOOK_ENDPOINTS; i++) {
                String name = "endpoint-" + i;
                receiver.secret(name, feed.registerWebhook(receiver.url(name))[1]);
            }
            LifecycleLoad load = new LifecycleLoad(http, node, orderJson());
            load.run(settings.customers(), settings.warmUp());
            drain(feed, receiver);
            receiver.takeLag();
            for (int r = 0; r < settings.repeats(); r++) {
                double cpuBefore = node.cpuSeconds();
                long receivedBefore = receiver.received();
                LifecycleLoad.Result result = load.run(settings.customers(), settings.repeat());
                double drained = drain(feed, receiver);
                cpu.add((node.cpuSeconds() - cpuBefore) * 1000 / result.lifecycles());
                rates.add(result.perSecond());
                figures.lifecycleFailures += result.failures();
                events.add((double) (receiver.received() - receivedBefore) / WEBHOOK_ENDPOINTS / result.lifecycles());
                Summary lag = receiver.takeLag().summaries().get("delivery");
                lags.add(lag);
                log(
                        "with %d webhook endpoints: %.2f lifecycles/s (%d failed), node CPU %.1f ms per lifecycle,"
                                + " %.1f events per lifecycle, event -> received p50 %.1f p99 %.1f ms,"
                                + " last delivered %.1f s after the load",
                        WEBHOOK_ENDPOINTS,
                        result.perSecond(),
                        result.failures(),
                        cpu.get(r),
                        events.get(r),
                        lag.p50(),
                        lag.p99(),
                        drained);
            }
            figures.forgedDeliveries = receiver.forged();
        }
        figures.webhookLifecyclesPerSecond = median(rates);
        figures.webhookCpuMsPerLifecycle = median(cpu);
        figures.eventsPerLifecycle = median(events);
        figures.deliveryLag = Summary.median(lags);
    }

    /**
     * Waits until the event feed stops growing and, with a receiver, every endpoint has received the feed's last
     * event; answers the seconds it waited. A backlog that does not drain within the limit is counted as failed.
     */
    private double drain(Api feed, EventReceiver receiver) throws Exception {
        long start = System.nanoTime();
        long deadline = start + DRAIN_LIMIT.toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            long now = feed.lastEvent(Math.max(last, 0));
            if (now == last && (receiver == null || receiver.deliveredThrough() >= now)) {
                return (System.nanoTime() - start) / 1e9;
            }
            last = now;
            Thread.sleep(250);
        }
        figures.undeliveredBacklogs++;
        log("events not delivered within %s", DRAIN_LIMIT);
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(List<Double> values) {
        return Latencies.Stats.median(
                values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Bytes per completed lifecycle: the node's tables after the lifecycles, less deployment and the simulated CA's own. */
    private void dataVolume() throws Exception {
        long lifecycles = database.count("SELECT COUNT(*) FROM cf_order WHERE status = 'REVOKED'");
        long certflow = 0;
        long history = 0;
        long runtime = 0;
        long events = 0;
        for (Map.Entry<String, Long> table : database.tableBytes().entrySet()) {
            String name = table.getKey();
            if (name.equals("cf_event")) {
                events = table.getValue();
            } else if (name.startsWith("cf_order") || name.equals("cf_ca_push")) {
                certflow += table.getValue();
            } else if (name.startsWith("act_hi_")) {
                history += table.getValue();
            } else if (name.startsWith("act_ru_")) {
                runtime += table.getValue();
            }
        }
        figures.permanentBytesPerLifecycle = (double) certflow / lifecycles;
        figures.engineHistoryBytesPerLifecycle = (double) history / lifecycles;
        figures.engineRuntimeBytesPerLifecycle = (double) runtime / lifecycles;
        figures.bytesPerLifecycle = (double) (certflow + history + runtime) / lifecycles;
        figures.eventBytesPerLifecycle = (double) events / lifecycles;
        log("data: %.0f bytes per lifecycle over %d", figures.bytesPerLifecycle, lifecycles);
    }

    private void pushAcknowledgement() throws Exception {
        List<Summary> repeats = new ArrayList<>();
        try (Node node = start()) {
            Api api = node.api(http, new Latencies());
            List<String> caOrders = new ArrayList<>();
            for (int i = 0; i < PUSH_ORDERS; i++) {
                String id = api.create(orderJson());
                api.submit(id);
                while (!api.status(id).equals("ACTIVE")) {
                    Thread.sleep(20);
                }
                caOrders.add(api.caOrderNumber(id));
            }
            PushAckLoad load = new PushAckLoad(http, node, caOrders);
            load.run(PUSH_RATE, settings.warmUp());
            for (int r = 0; r < settings.repeats(); r++) {
                PushAckLoad.Result result = load.run(PUSH_RATE, settings.pushRepeat());
                repeats.add(result.ack());
                figures.pushFailures += result.failed();
                log(
                        "push ack at %d/s: p50 %.1f p99 %.1f max %.1f ms (%d failed)",
                        PUSH_RATE,
                        result.ack().p50(),
                        result.ack().p99(),
                        result.ack().max(),
                        result.failed());
            }
        }
        figures.pushAck = Summary.median(repeats);
    }

    private void scaleAndExpiry() throws Exception {
        Instant farFuture = Instant.now().plus(Duration.ofDays(365));
        seed(settings.scaleSmall(), farFuture);
        figures.scaleSmall = scaleSample(false);
        seed(settings.scaleLarge() - settings.scaleSmall(), farFuture);
        figures.scaleLarge = scaleSample(true);
        // The burst: all due at once when the node starts, among the waiting orders above.
        seed(settings.expiring(), Instant.now().minusSeconds(1));
        try (Node node = start()) {
            Api api = node.api(http, new Latencies());
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (expiredSoFar(api) < settings.expiring() && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
        }
        double[] expiries = database.expiries();
        figures.expirySeconds = expiries[0];
        figures.expired = expiries[1];
        log("expiry burst: %.0f in %.1f s", expiries[1], expiries[0]);
    }

    /** push → status latency of a few customers' lifecycles while the seeded orders wait. */
    private Summary scaleSample(boolean large) throws Exception {
        List<Summary> repeats = new ArrayList<>();
        List<Instant[]> windows = new ArrayList<>();
        try (Node node = start()) {
            if (large) {
                figures.startupLarge = node.startupSeconds;
            }
            LifecycleLoad load = new LifecycleLoad(http, node, orderJson());
            load.run(2, settings.warmUp());
            for (int r = 0; r < settings.repeats(); r++) {
                Instant from = Instant.now();
                load.run(2, settings.scaleRepeat());
                windows.add(new Instant[] {from, Instant.now()});
            }
        }
        for (Instant[] window : windows) {
            repeats.add(Summary.of(database.pushToStatusMicros(window[0], window[1])));
        }
        Summary result = Summary.median(repeats);
        log(
                "push -> status with %d waiting: p50 %.1f p99 %.1f ms",
                large ? settings.scaleLarge() : settings.scaleSmall(), result.p50(), result.p99());
        return result;
    }

    private long expiredSoFar(Api api) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.base() + "/api/orders?status=EXPIRED&size=1"))
                .header("Authorization", Api.basic(Node.USER, Node.PASSWORD))
                .build();
        Matcher total = TOTAL.matcher(
                http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        return total.find() ? Long.parseLong(total.group(1)) : 0;
    }

    /** Both in-process ceilings in one engine on this database kind, each swept to its saturation. */
    private void ceiling() throws Exception {
        Files.createDirectories(work.resolve("ceiling"));
        String line = child(
                "CEILING",
                "ceiling",
                ceilingDatabase,
                Integer.toString(Settings.SWEEP_FIRST),
                Integer.toString(settings.ceilingMost()),
                Long.toString(settings.ceilingWarmUp().toSeconds()),
                Long.toString(settings.ceilingWindow().toSeconds()));
        for (String step : line.substring("CEILING ".length()).split(" ")) {
            String[] parts = step.split(":");
            double[] point = {Double.parseDouble(parts[1]), Double.parseDouble(parts[2])};
            (parts[0].equals("a") ? figures.ceilingA : figures.ceilingB).add(point);
        }
        figures.ceilingPerSecond = Figures.peak(figures.ceilingA)[1];
        log(
                "ceilings at saturation: (a) %.2f, (b) %.2f lifecycles/s; node peak / (a) %.2f, (a) / (b) %.2f,"
                        + " node peak / (b) %.2f",
                figures.ceilingPerSecond,
                Figures.peak(figures.ceilingB)[1],
                figures.peakOverCeilingA(),
                figures.ceilingAOverB(),
                figures.peakOverCeilingB());
    }

    private void seed(int count, Instant notAfter) throws Exception {
        long start = System.nanoTime();
        Path csrFile = work.resolve("seed.csr");
        Files.writeString(csrFile, csr);
        child(null, "seed", database, Integer.toString(count), notAfter.toString(), Node.USER, csrFile.toString());
        log("seeded %d Actief orders in %.1f s", count, (System.nanoTime() - start) / 1e9);
    }

    /** Runs this jar's ceiling or seed mode in a JVM with the node's heap; answers the line starting with marker. */
    private String child(String marker, String mode, Database db, String... more) throws Exception {
        Path jar = Path.of(System.getProperty("bench.jar", "bench/target/certflow-bench.jar"));
        List<String> command = new ArrayList<>(List.of(
                "java", "-Xmx512m", "-jar", jar.toString(), mode, repo.toString(), db.url(), db.user(), db.password()));
        command.addAll(List.of(more));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String found = null;
        StringBuilder output = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
            for (String line; (line = reader.readLine()) != null; ) {
                output.append(line).append('\n');
                if (marker != null && line.startsWith(marker)) {
                    found = line;
                } else if (line.startsWith("ceiling (")) {
                    log("%s", line);
                }
            }
        }
        if (process.waitFor() != 0 || (marker != null && found == null)) {
            throw new IOException(mode + " failed:\n" + output);
        }
        return found;
    }

    private Node start() throws Exception {
        return Node.start(
                repo.resolve("target/certflow.jar"), work.resolve("app"), database, PORT, work.resolve("certflow.log"));
    }

    private String orderJson() {
        return "{\"validation\":\"DV\",\"commonName\":\"bench.example.com\",\"validityDays\":90,\"csr\":\""
                + csr.replace("\n", "\\n") + "\",\"requester\":{\"name\":\"Jan de Vries\",\"email\":\"jan@example.nl\","
                + "\"phone\":\"+31 20 123 4567\"}}";
    }

    /** A line of progress, with the minutes and seconds since the benchmark started. */
    static void log(String format, Object... args) {
        long seconds = (System.nanoTime() - STARTED) / 1_000_000_000L;
        System.out.println(String.format(Locale.ROOT, "%3d:%02d ", seconds / 60, seconds % 60)
                + String.format(Locale.ROOT, format, args));
    }
}
