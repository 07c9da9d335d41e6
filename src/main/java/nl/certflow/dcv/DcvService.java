package nl.certflow.dcv;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import nl.certflow.ca.CaOrderService;
import nl.certflow.order.Caller;
import nl.certflow.order.DcvChoices;
import nl.certflow.order.DcvMethod;
import nl.certflow.order.DcvTokens;
import nl.certflow.order.Order;
import nl.certflow.order.OrderConflictException;
import nl.certflow.order.OrderDcv;
import nl.certflow.order.OrderDcv.LastCheck;
import nl.certflow.order.OrderProcess;
import nl.certflow.order.OrderRequests.DcvBody;
import nl.certflow.order.OrderService;
import nl.certflow.order.OrderStatus;
import nl.certflow.order.OrderStore;
import nl.certflow.order.OrderView.DcvView;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The customer's DCV calls beside the order's own data: the CA's approver addresses, certflow's own check of the
 * records, and (through the order's process) a method change or a resent approval e-mail at the CA.
 */
@Service
public class DcvService implements DisposableBean {

    /** A check never holds an API thread longer than this, however many domains the order has. */
    private static final long CHECK_DEADLINE_MILLIS = 5_000;

    private final OrderService orders;
    private final OrderStore store;
    private final OrderProcess process;
    private final CaOrderService ca;
    private final DcvRecordChecker checker;
    private final DcvChoices choices;
    private final TransactionTemplate transaction;
    private final ExecutorService lookups = Executors.newFixedThreadPool(8, runnable -> {
        Thread thread = new Thread(runnable, "dcv-check");
        thread.setDaemon(true);
        return thread;
    });

    public DcvService(
            OrderService orders,
            OrderStore store,
            OrderProcess process,
            CaOrderService ca,
            DcvRecordChecker checker,
            DcvChoices choices,
            PlatformTransactionManager transactions) {
        this.choices = choices;
        this.orders = orders;
        this.store = store;
        this.process = process;
        this.ca = ca;
        this.checker = checker;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** The CA's allowed approver addresses for the order's common name; nothing to approve once final. */
    public List<String> approverEmails(Caller caller, String orderId) {
        Order order = notFinal(orders.get(caller, orderId));
        return ca.approverEmails(DcvTokens.dcvDomain(order.commonName()));
    }

    /**
     * Asks the order's process to change the DCV method at the CA (contract: 202; 400 for a bad body, checked
     * against the order's data and the CA's approver addresses; 409 when the process does not wait for it). The order
     * keeps its method until the CA took the new one.
     */
    @Transactional
    public Order changeMethod(Caller caller, String orderId, DcvBody body) {
        Order order = orders.get(caller, orderId);
        OrderDcv.Choice choice = choices.choose(body, order);
        process.changeDcvMethod(orderId, choice.method(), choice.approverEmail());
        return store.find(orderId).orElseThrow();
    }

    /** Asks the order's process to send the approval e-mail again: only for an order validated by EMAIL (else 409). */
    @Transactional
    public Order resendEmail(Caller caller, String orderId) {
        Order order = orders.get(caller, orderId);
        if (order.dcv().method() != DcvMethod.EMAIL) {
            throw new OrderConflictException(
                    "The order is validated by " + order.dcv().method()
                            + ": there is no approval e-mail to send again (change the method to EMAIL first)");
        }
        process.resendDcvEmail(orderId);
        return store.find(orderId).orElseThrow();
    }

    /**
     * Looks every domain's record up now (outside any transaction: the lookups may take seconds), keeps what was
     * found, and while the order is at the CA and every record is in place asks the CA at once instead of waiting
     * for the next poll.
     */
    public DcvView check(Caller caller, String orderId) {
        Order order = notFinal(orders.get(caller, orderId));
        DcvTokens tokens = DcvTokens.of(order.dcvCsrPem(), order.dcv().uniqueValue());
        DcvMethod method = order.dcv().method();
        Map<String, CompletableFuture<LastCheck>> running = new LinkedHashMap<>();
        for (String domain : order.dcvDomains()) {
            running.put(
                    domain,
                    CompletableFuture.supplyAsync(
                            () -> checker.check(
                                    method, domain, tokens, order.dcv().approverEmail()),
                            lookups));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CHECK_DEADLINE_MILLIS);
        Map<String, LastCheck> results = new LinkedHashMap<>();
        running.forEach((domain, future) -> results.put(domain, await(domain, future, deadline)));
        return transaction.execute(status -> {
            results.forEach((domain, result) -> store.recordDcvCheck(orderId, domain, result));
            boolean allFound = results.values().stream().allMatch(LastCheck::found);
            if (allFound && order.status() == OrderStatus.REQUESTED) {
                process.askCaNow(orderId);
            }
            return DcvView.of(store.find(orderId).orElseThrow());
        });
    }

    private LastCheck await(String domain, CompletableFuture<LastCheck> future, long deadline) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return new LastCheck(checker.now(), false, "The lookup for " + domain + " took too long; try again");
        } catch (ExecutionException e) {
            return new LastCheck(checker.now(), false, "The lookup for " + domain + " failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new LastCheck(checker.now(), false, "The lookup for " + domain + " was interrupted");
        }
    }

    private static Order notFinal(Order order) {
        if (order.status().isFinal()) {
            throw new OrderConflictException(
                    "The order is " + order.status().label() + ": its domains need no validation any more");
        }
        return order;
    }

    @Override
    public void destroy() {
        lookups.shutdownNow();
    }
}
