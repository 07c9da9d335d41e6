package nl.certflow.webhook;

import static nl.certflow.webhook.CaPushDeliveryProcess.CA_ORDER_NUMBER;
import static nl.certflow.webhook.CaPushDeliveryProcess.ORDER_ID;
import static nl.certflow.webhook.CaPushDeliveryProcess.PROCESS_KEY;
import static nl.certflow.webhook.CaPushDeliveryProcess.PUSH_ID;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import nl.certflow.order.OrderStore;
import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands stored pushes to the engine: starts each one's delivery process, up to {@value #BATCH} in one transaction.
 * The webhook's answer only stores the push (one insert, one commit) and wakes this thread after its commit, so a
 * CA pushing hundreds per second is answered without waiting for the engine. A push stored but not handed over —
 * the node was killed in between, or it was stored by another node that died — is found by the poll every
 * {@code certflow.webhook.handover-interval}. Nodes of a cluster may pick the same push; the row lock of the
 * hand-over's update lets exactly one of them start its delivery.
 */
@Component
public class CaPushHandOver implements SmartLifecycle {

    static final int BATCH = 100;
    private static final Logger LOG = LoggerFactory.getLogger(CaPushHandOver.class);

    private final JdbcTemplate jdbc;
    private final RuntimeService runtime;
    private final OrderStore orders;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration interval;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile Thread worker;

    public CaPushHandOver(
            JdbcTemplate jdbc,
            RuntimeService runtime,
            OrderStore orders,
            TransactionTemplate transactions,
            Clock clock,
            @Value("${certflow.webhook.handover-interval:PT1S}") Duration interval) {
        this.jdbc = jdbc;
        this.runtime = runtime;
        this.orders = orders;
        this.transactions = transactions;
        this.clock = clock;
        this.interval = interval;
    }

    /** Called inside the transaction that stored a push: the hand-over starts as soon as that commit is done. */
    void wakeUpAfterCommit() {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                wakeUp.release();
            }
        });
    }

    @Override
    public void start() {
        Thread thread = new Thread(this::handOverUntilStopped, "ca-push-handover");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    @Override
    public void stop() {
        Thread thread = worker;
        worker = null;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }

    private void handOverUntilStopped() {
        while (worker == Thread.currentThread()) {
            try {
                if (handOverBatch() < BATCH) {
                    wakeUp.tryAcquire(interval.toMillis(), TimeUnit.MILLISECONDS);
                    wakeUp.drainPermits(); // the next batch takes every push committed so far
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("Handing stored CA pushes to the engine failed; trying again in {}", interval, e);
                try {
                    Thread.sleep(interval.toMillis());
                } catch (InterruptedException stopped) {
                    return;
                }
            }
        }
    }

    /** Starts the delivery of up to {@value #BATCH} stored pushes, oldest first; answers how many were waiting. */
    int handOverBatch() {
        Integer waiting = transactions.execute(status -> {
            List<Map<String, Object>> pushes = jdbc.queryForList("SELECT id, ca_order_number FROM cf_ca_push"
                    + " WHERE handed_over_at IS NULL ORDER BY id FETCH FIRST " + BATCH + " ROWS ONLY");
            Timestamp now = Timestamp.from(clock.instant());
            for (Map<String, Object> push : pushes) {
                long id = ((Number) push.get("id")).longValue();
                String orderNumber = (String) push.get("ca_order_number");
                if (jdbc.update(
                                "UPDATE cf_ca_push SET handed_over_at = ? WHERE id = ? AND handed_over_at IS NULL",
                                now,
                                id)
                        == 1) {
                    String orderId = orders.findIdByCaOrderNumber(orderNumber).orElse(null);
                    Map<String, Object> variables = new HashMap<>(Map.of(PUSH_ID, id, CA_ORDER_NUMBER, orderNumber));
                    variables.put(ORDER_ID, orderId);
                    runtime.startProcessInstanceByKey(
                            PROCESS_KEY, orderId != null ? orderId : "CA order " + orderNumber, variables);
                }
            }
            return pushes.size();
        });
        return waiting == null ? 0 : waiting;
    }
}
