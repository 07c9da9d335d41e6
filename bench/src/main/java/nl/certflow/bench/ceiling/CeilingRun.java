package nl.certflow.bench.ceiling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;

/**
 * The lifecycle the HTTP customers drive, straight on RuntimeService: start with business key, then correlate
 * submit, the CA's change, cancel and the CA's change by business key, each as soon as the process waits for it
 * (the asynchronous CA steps run on the job executor, as in certflow).
 */
public final class CeilingRun {

    private static final String PROCESS = "CertificateOrderProcess";
    private static final Duration RETRY = Duration.ofMillis(2);
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

    private final RuntimeService runtime;

    public CeilingRun(RuntimeService runtime) {
        this.runtime = runtime;
    }

    /** Completed lifecycles per second with this many concurrent drivers. */
    public double run(int drivers, Duration duration) throws InterruptedException {
        AtomicInteger done = new AtomicInteger();
        long end = System.nanoTime() + duration.toNanos();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int d = 0; d < drivers; d++) {
            Thread driver = new Thread(
                    () -> {
                        while (System.nanoTime() < end) {
                            try {
                                lifecycle();
                                done.incrementAndGet();
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    },
                    "ceiling-" + d);
            driver.start();
            threads.add(driver);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    private void lifecycle() throws InterruptedException {
        String key = UUID.randomUUID().toString();
        runtime.createProcessInstanceByKey(PROCESS)
                .businessKey(key)
                .setVariables(Map.of(
                        "orderId",
                        key,
                        "commonName",
                        "bench.example.com",
                        "validation",
                        "DV",
                        "status",
                        "OPEN",
                        "prevalidationRequired",
                        false,
                        "statusReason",
                        "Order created"))
                .setVariable("pendingTransition", null)
                .execute();
        correlate("Msg_SubmitOrder", key);
        correlate("Msg_CaStatusChanged", key);
        correlate("Msg_CancelOrder", key);
        correlate("Msg_CaStatusChanged", key);
        while (runtime.createProcessInstanceQuery()
                        .processInstanceBusinessKey(key)
                        .count()
                > 0) {
            Thread.sleep(RETRY.toMillis());
        }
    }

    private void correlate(String message, String key) throws InterruptedException {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (true) {
            try {
                runtime.createMessageCorrelation(message)
                        .processInstanceBusinessKey(key)
                        .setVariable("requestReason", message)
                        .correlateWithResult();
                return;
            } catch (MismatchingMessageCorrelationException notWaitingYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(key + " never waited for " + message + " (see the engine's jobs)");
                }
                Thread.sleep(RETRY.toMillis());
            }
        }
    }
}
