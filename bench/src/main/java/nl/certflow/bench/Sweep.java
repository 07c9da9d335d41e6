package nl.certflow.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import nl.certflow.bench.Latencies.Summary;

/**
 * The saturation sweep (issue 17): ever more concurrent customers (doubling) until completed lifecycles/s rise by no
 * more than 5 %, then four times the saturating number. Each customer runs whole lifecycles — create → submit →
 * (CA issues, pushes) → Actief → cancel → (CA confirms, pushes) → Ingetrokken — and polls its order every second, as
 * a person's control panel would. A step adds customers to those of the previous step and measures a window after a
 * warm-up; the node's CPU time and SQL statement count are read at the window's edges. One sweep per instance.
 */
final class Sweep {

    /** A step that does not raise the rate by more than this factor found the saturation. */
    static final double RISE = 1.05;

    static final int OVERLOAD = 4;
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration LIFECYCLE_TIMEOUT = Duration.ofSeconds(120);

    /** One step's figures, per completed lifecycle where it says so; statements NaN if the node does not count them. */
    record Step(
            int customers,
            double perSecond,
            double cpuMsPerLifecycle,
            double requestsPerLifecycle,
            double statementsPerLifecycle,
            int failed,
            Summary api) {}

    /** The steps in the order run; the last is the overload step at {@link #OVERLOAD} × {@code saturating}. */
    record Result(List<Step> steps, int saturating) {

        Step peak() {
            return steps.stream()
                    .max((a, b) -> Double.compare(a.perSecond(), b.perSecond()))
                    .orElseThrow();
        }

        Step overload() {
            return steps.get(steps.size() - 1);
        }

        /** The step, up to the peak's concurrency, whose rate is nearest to this fraction of the peak. */
        Step near(double fraction) {
            Step peak = peak();
            double target = fraction * peak.perSecond();
            return steps.stream()
                    .filter(s -> s.customers() <= peak.customers())
                    .min((a, b) -> Double.compare(Math.abs(a.perSecond() - target), Math.abs(b.perSecond() - target)))
                    .orElseThrow();
        }

        int failed() {
            return steps.stream().mapToInt(Step::failed).sum();
        }
    }

    private final HttpClient http;
    private final Node node;
    private final String orderJson;
    private final List<Thread> customers = new ArrayList<>();
    private final Latencies latencies = new Latencies();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicBoolean counting = new AtomicBoolean();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    Sweep(HttpClient http, Node node, String orderJson) {
        this.http = http;
        this.node = node;
        this.orderJson = orderJson;
    }

    Result run(int first, int most, Duration warmUp, Duration window) throws Exception {
        List<Step> steps = new ArrayList<>();
        double previous = 0;
        int saturating = first;
        try {
            for (int customers = first; customers <= most; customers *= 2) {
                Step step = step(customers, warmUp(warmUp, customers, previous), window);
                steps.add(step);
                if (previous > 0 && step.perSecond() <= previous * RISE) {
                    saturating = customers / 2;
                    break;
                }
                previous = step.perSecond();
                saturating = customers;
            }
            steps.add(step(OVERLOAD * saturating, warmUp(warmUp, OVERLOAD * saturating, previous), window));
        } finally {
            stop.set(true);
            for (Thread thread : customers) {
                thread.join();
            }
        }
        // A lifecycle that failed after the last window (while the customers finished theirs) counts too.
        Step last = steps.remove(steps.size() - 1);
        steps.add(new Step(
                last.customers(),
                last.perSecond(),
                last.cpuMsPerLifecycle(),
                last.requestsPerLifecycle(),
                last.statementsPerLifecycle(),
                last.failed() + failed.getAndSet(0),
                last.api()));
        return new Result(steps, saturating);
    }

    /**
     * At least one and a half lifecycles per customer before the window opens, so it sees the steady state: by
     * Little's law a lifecycle takes customers / rate, estimated with the previous step's rate (at most 30 s).
     */
    private static Duration warmUp(Duration least, int customers, double previousRate) {
        if (previousRate <= 0) {
            return least;
        }
        long millis = (long) Math.min(30_000, 1500 * customers / previousRate);
        return millis > least.toMillis() ? Duration.ofMillis(millis) : least;
    }

    /** Adds customers up to this many (those of the previous steps keep running), then measures a window. */
    private Step step(int total, Duration warmUp, Duration window) throws Exception {
        for (int c = customers.size(); c < total; c++) {
            Api api = node.api(http, latencies);
            Thread customer = new Thread(
                    () -> {
                        try {
                            // Customers do not act in step: each starts at its own moment within a poll interval.
                            Thread.sleep(ThreadLocalRandom.current().nextLong(POLL.toMillis()));
                        } catch (InterruptedException e) {
                            return;
                        }
                        while (!stop.get()) {
                            try {
                                lifecycle(api);
                                if (counting.get()) {
                                    done.incrementAndGet();
                                }
                            } catch (Exception e) {
                                if (failed.incrementAndGet() <= 3) {
                                    System.err.println("lifecycle failed: " + e.getMessage());
                                }
                            }
                        }
                    },
                    "sweep-customer-" + c);
            customer.start();
            customers.add(customer);
        }
        Thread.sleep(warmUp.toMillis());
        double statementsBefore = node.sqlStatements(http);
        double cpuBefore = node.cpuSeconds();
        latencies.clear();
        counting.set(true);
        long start = System.nanoTime();
        Thread.sleep(window.toMillis());
        counting.set(false);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = node.cpuSeconds() - cpuBefore;
        long requests = latencies.count();
        Summary api = latencies.overall();
        double statements = node.sqlStatements(http) - statementsBefore;
        int lifecycles = done.getAndSet(0);
        Step step = new Step(
                total,
                lifecycles / seconds,
                perLifecycle(cpu * 1000, lifecycles),
                perLifecycle(requests, lifecycles),
                perLifecycle(statements, lifecycles),
                failed.getAndSet(0),
                api);
        Bench.log(
                "sweep %d customers: %.2f lifecycles/s (%d failed), node CPU %.1f ms, %.1f requests, %.0f SQL"
                        + " statements per lifecycle; API p50 %.1f p99 %.1f ms",
                total,
                step.perSecond(),
                step.failed(),
                step.cpuMsPerLifecycle(),
                step.requestsPerLifecycle(),
                step.statementsPerLifecycle(),
                api.p50(),
                api.p99());
        return step;
    }

    private static double perLifecycle(double total, int lifecycles) {
        return lifecycles == 0 ? Double.NaN : total / lifecycles;
    }

    private String lifecycle(Api api) throws IOException, InterruptedException {
        String id = api.create(orderJson);
        api.submit(id);
        await(api, id, "ACTIVE");
        api.cancel(id);
        await(api, id, "REVOKED");
        return id;
    }

    private static void await(Api api, String id, String status) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + LIFECYCLE_TIMEOUT.toNanos();
        do {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("order " + id + " not " + status + " within " + LIFECYCLE_TIMEOUT);
            }
            Thread.sleep(POLL.toMillis());
        } while (!status.equals(api.status(id)));
    }
}
