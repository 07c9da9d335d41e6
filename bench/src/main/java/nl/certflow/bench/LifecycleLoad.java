package nl.certflow.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N concurrent customers, each in a closed loop: create → submit → (CA issues and pushes) → Actief → cancel →
 * (CA confirms and pushes) → Ingetrokken. A customer polls its order like a control panel does.
 */
final class LifecycleLoad {

    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration LIFECYCLE_TIMEOUT = Duration.ofSeconds(60);

    record Result(int lifecycles, int failures, double seconds, Latencies latencies, List<String> orderIds) {

        double perSecond() {
            return lifecycles / seconds;
        }
    }

    private final HttpClient http;
    private final Node node;
    private final String orderJson;

    LifecycleLoad(HttpClient http, Node node, String orderJson) {
        this.http = http;
        this.node = node;
        this.orderJson = orderJson;
    }

    Result run(int customers, Duration duration) throws InterruptedException {
        Latencies latencies = new Latencies();
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long end = System.nanoTime() + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < customers; c++) {
            Api api = node.api(http, latencies);
            Thread customer = new Thread(
                    () -> {
                        while (System.nanoTime() < end) {
                            try {
                                ids.add(lifecycle(api));
                                done.incrementAndGet();
                            } catch (Exception e) {
                                if (failed.incrementAndGet() <= 3) {
                                    System.err.println("lifecycle failed: " + e.getMessage());
                                }
                            }
                        }
                    },
                    "customer-" + c);
            customer.start();
            threads.add(customer);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(done.get(), failed.get(), seconds, latencies, List.copyOf(ids));
    }

    private String lifecycle(Api api) throws Exception {
        String id = api.create(orderJson);
        api.submit(id);
        await(api, id, "ACTIVE");
        api.cancel(id);
        await(api, id, "REVOKED");
        return id;
    }

    private static void await(Api api, String id, String status) throws Exception {
        long deadline = System.nanoTime() + LIFECYCLE_TIMEOUT.toNanos();
        while (!status.equals(api.status(id))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("order " + id + " not " + status + " within " + LIFECYCLE_TIMEOUT);
            }
            Thread.sleep(POLL.toMillis());
        }
    }
}
