package nl.certflow.bench.ceiling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.camunda.bpm.engine.RuntimeService;

/**
 * Lifecycles straight on RuntimeService: start with a business key, then correlate each message by that key as soon
 * as the process waits for it ({@link WaitStates} says so after the commit; asynchronous steps run on the job
 * executor, as in certflow), until the process has ended.
 */
public final class CeilingRun {

    /** Which wait state (activity id) each message is correlated at. */
    record Step(String waitsAt, String message) {}

    /** A model the drivers run: its key, its start variables and its steps. */
    public record Model(
            String name, String processKey, Function<String, Map<String, Object>> variables, List<Step> steps) {}

    /** (a) certflow's own model, the lifecycle the HTTP customers drive: submit, issued, cancel, revoked. */
    public static final Model CERTFLOW = new Model(
            "a",
            "CertificateOrderProcess",
            CeilingRun::certflowVariables,
            List.of(
                    new Step("Gateway_AwaitSubmit", "Msg_SubmitOrder"),
                    new Step("Gateway_AwaitCaChange", "Msg_CaStatusChanged"),
                    new Step("Gateway_AwaitActiveEvent", "Msg_CancelOrder"),
                    new Step("Gateway_AwaitCaChange", "Msg_CaStatusChanged")));

    /** (b) the minimal five-transition model (bench resources, ceiling/MinimalLifecycle.bpmn). */
    public static final Model MINIMAL = new Model(
            "b",
            "MinimalLifecycle",
            key -> Map.of(),
            List.of(
                    new Step("Wait_1", "Msg_Minimal_1"),
                    new Step("Wait_2", "Msg_Minimal_2"),
                    new Step("Wait_3", "Msg_Minimal_3"),
                    new Step("Wait_4", "Msg_Minimal_4")));

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

    private final RuntimeService runtime;
    private final WaitStates waitStates;

    public CeilingRun(RuntimeService runtime, WaitStates waitStates) {
        this.runtime = runtime;
        this.waitStates = waitStates;
    }

    /** Completed lifecycles per second in the window after the warm-up, with this many concurrent drivers. */
    public double run(Model model, int drivers, Duration warmUp, Duration window) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean counting = new AtomicBoolean();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int d = 0; d < drivers; d++) {
            Thread driver = new Thread(
                    () -> {
                        while (!stop.get()) {
                            try {
                                lifecycle(model);
                                if (counting.get()) {
                                    done.incrementAndGet();
                                }
                            } catch (InterruptedException e) {
                                return;
                            } catch (RuntimeException e) {
                                if (failed.incrementAndGet() <= 3) {
                                    System.err.println("ceiling lifecycle failed: " + e);
                                }
                            }
                        }
                    },
                    "ceiling-" + d);
            driver.start();
            threads.add(driver);
        }
        Thread.sleep(warmUp.toMillis());
        counting.set(true);
        long start = System.nanoTime();
        Thread.sleep(window.toMillis());
        counting.set(false);
        double seconds = (System.nanoTime() - start) / 1e9;
        int completed = done.get();
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " ceiling lifecycles failed (model " + model.name() + ")");
        }
        return completed / seconds;
    }

    private void lifecycle(Model model) throws InterruptedException {
        String key = UUID.randomUUID().toString();
        BlockingQueue<String> reached = waitStates.watch(key);
        try {
            runtime.createProcessInstanceByKey(model.processKey())
                    .businessKey(key)
                    .setVariables(model.variables().apply(key))
                    .execute();
            for (Step step : model.steps()) {
                await(reached, step.waitsAt(), key);
                runtime.createMessageCorrelation(step.message())
                        .processInstanceBusinessKey(key)
                        .setVariable("requestReason", step.message())
                        .correlateWithResult();
            }
            await(reached, WaitStates.END + model.processKey(), key);
        } finally {
            waitStates.forget(key);
        }
    }

    /** Blocks until the lifecycle reaches this wait state; what it reached on the way there is passed over. */
    private static void await(BlockingQueue<String> reached, String waitState, String key) throws InterruptedException {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (true) {
            String next = reached.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new IllegalStateException(key + " never reached " + waitState + " (see the engine's jobs)");
            }
            if (next.equals(waitState)) {
                return;
            }
        }
    }

    private static Map<String, Object> certflowVariables(String key) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("orderId", key);
        variables.put("commonName", "bench.example.com");
        variables.put("validation", "DV");
        variables.put("status", "OPEN");
        variables.put("prevalidationRequired", false);
        variables.put("statusReason", "Order created");
        variables.put("pendingTransition", null);
        return variables;
    }
}
