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
import nl.certflow.order.OrderProcess;
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
 * Hands stored pushes to their orders. The webhook's answer only stores the push (one insert, one commit) and wakes
 * this thread after its commit, so a CA pushing hundreds per second is answered without waiting for the engine. Each
 * push is delivered here, in one transaction with marking it handed over, when its order is known and takes it now
 * (the common case); otherwise (the order is not known yet or is busy, e.g. with a CA call) its delivery process is
 * started, an engine job with retries and — if it can never be delivered — an incident in Cockpit. A push stored but
 * not handed over — the node was killed in between, or it was stored by another node that died — is found by the
 * poll every {@code certflow.webhook.handover-interval}. Nodes of a cluster may pick the same push; the row lock of
 * the hand-over's update lets exactly one of them deliver it.
 */
@Component
public class CaPushHandOver implements SmartLifecycle {

    static final int BATCH = 100;
    private static final Logger LOG = LoggerFactory.getLogger(CaPushHandOver.class);

    private final JdbcTemplate jdbc;
    private final RuntimeService runtime;
    private final OrderStore orders;
    private final CaPushDelivery delivery;
    private final OrderProcess orderProcess;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration interval;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile Thread worker;

    public CaPushHandOver(
            JdbcTemplate jdbc,
            RuntimeService runtime,
            OrderStore orders,
            CaPushDelivery delivery,
            OrderProcess orderProcess,
            TransactionTemplate transactions,
            Clock clock,
            @Value("${certflow.webhook.handover-interval:PT1S}") Duration interval) {
        this.jdbc = jdbc;
        this.runtime = runtime;
        this.orders = orders;
        this.delivery = delivery;
        this.orderProcess = orderProcess;
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

    /** Hands over up to {@value #BATCH} stored pushes, oldest first; answers how many were waiting. */
    int handOverBatch() {
        List<Map<String, Object>> pushes = jdbc.queryForList("SELECT id, ca_order_number FROM cf_ca_push"
                + " WHERE handed_over_at IS NULL ORDER BY id FETCH FIRST " + BATCH + " ROWS ONLY");
        for (Map<String, Object> push : pushes) {
            long id = ((Number) push.get("id")).longValue();
            String orderNumber = (String) push.get("ca_order_number");
            if (!deliveredAtOnce(id, orderNumber)) {
                transactions.executeWithoutResult(status -> startDelivery(id, orderNumber));
            }
        }
        return pushes.size();
    }

    /**
     * Delivers the push in the transaction that marks it handed over, without a delivery process; answers false,
     * having changed nothing, when the order is not known yet or does not take the push now.
     */
    private boolean deliveredAtOnce(long id, String orderNumber) {
        try {
            return Boolean.TRUE.equals(transactions.execute(status -> {
                if (!claim(id)) {
                    return true; // another node has it
                }
                String orderId = orders.findIdByCaOrderNumber(orderNumber).orElse(null);
                if (orderId == null) {
                    status.setRollbackOnly();
                    return false;
                }
                delivery.deliver(id, orderId, orderProcess::askCaNow);
                return true;
            }));
        } catch (RuntimeException e) {
            // not waiting (CaPushNotDeliverableException) or busy in a concurrent transaction: the delivery process
            // retries it
            LOG.debug("CA push {} not delivered at once: {}", id, e.toString());
            return false;
        }
    }

    private void startDelivery(long id, String orderNumber) {
        if (claim(id)) {
            String orderId = orders.findIdByCaOrderNumber(orderNumber).orElse(null);
            Map<String, Object> variables = new HashMap<>(Map.of(PUSH_ID, id, CA_ORDER_NUMBER, orderNumber));
            variables.put(ORDER_ID, orderId);
            runtime.startProcessInstanceByKey(
                    PROCESS_KEY, orderId != null ? orderId : "CA order " + orderNumber, variables);
        }
    }

    /** Under the row lock: exactly one node (and one attempt) hands the push over. */
    private boolean claim(long id) {
        return jdbc.update(
                        "UPDATE cf_ca_push SET handed_over_at = ? WHERE id = ? AND handed_over_at IS NULL",
                        Timestamp.from(clock.instant()),
                        id)
                == 1;
    }
}
