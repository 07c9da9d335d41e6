package nl.certflow.bench.ceiling;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seeds Actief orders fast, with the node stopped: each is a cf_order row plus a real process instance of the
 * same model started inside "Certificate active" (waiting for a CA change or a cancel, with its expiry timer at
 * notAfter) through RuntimeService — no SQL into the engine's tables. A batch of orders per transaction.
 */
public final class Seeder {

    private static final int BATCH = 250;

    private final RuntimeService runtime;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public Seeder(RuntimeService runtime, JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.runtime = runtime;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    public void seed(int count, Instant notAfter, String owner, String csrPem, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> batches = new ArrayList<>();
        for (int from = 0; from < count; from += BATCH) {
            int size = Math.min(BATCH, count - from);
            batches.add(
                    pool.submit(() -> transactions.executeWithoutResult(tx -> batch(size, notAfter, owner, csrPem))));
        }
        for (Future<?> batch : batches) {
            batch.get();
        }
        pool.shutdown();
    }

    private void batch(int size, Instant notAfter, String owner, String csrPem) {
        List<Object[]> orders = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        Timestamp now = Timestamp.from(Instant.now());
        for (int i = 0; i < size; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            orders.add(new Object[] {id, owner, csrPem, now, "SEED-" + id, Timestamp.from(notAfter)});
        }
        jdbc.batchUpdate("""
                INSERT INTO cf_order (id, owner, validation, common_name, csr_pem, validity_days, requester_name,
                    requester_email, status, created_at, ca_order_number, cert_not_after, prevalidation_required)
                VALUES (?, ?, 'DV', 'seed.example.com', ?, 90, 'Seed', 'seed@example.nl', 'ACTIVE', ?, ?, ?, FALSE)""", orders);
        for (String id : ids) {
            Map<String, Object> variables = new HashMap<>();
            variables.put("orderId", id);
            variables.put("commonName", "seed.example.com");
            variables.put("validation", "DV");
            variables.put("status", "ACTIVE");
            variables.put("pendingTransition", null);
            variables.put("prevalidationRequired", false);
            variables.put("caOrderNumber", "SEED-" + id);
            variables.put("notAfter", Date.from(notAfter));
            variables.put("statusReason", "Seeded");
            runtime.createProcessInstanceByKey("CertificateOrderProcess")
                    .businessKey(id)
                    .startBeforeActivity("SubProcess_CertificateActive")
                    .setVariables(variables)
                    .execute();
        }
    }
}
