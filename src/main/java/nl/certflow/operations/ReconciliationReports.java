package nl.certflow.operations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The reconciliation reports (table {@code cf_reconciliation_report}); the latest one's counts are also the gauges
 * {@code certflow.reconciliation.drifted} and {@code certflow.reconciliation.unrepaired}, read from the database so
 * every node of a cluster shows the same.
 */
@Repository
public class ReconciliationReports {

    private final JdbcTemplate jdbc;

    public ReconciliationReports(JdbcTemplate jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        Gauge.builder("certflow.reconciliation.drifted", this, reports -> reports.latestCount("drifted"))
                .description("Orders on which certflow and the CA disagreed at the latest reconciliation")
                .register(meters);
        Gauge.builder("certflow.reconciliation.unrepaired", this, reports -> reports.latestCount("unrepaired"))
                .description("Drifted orders the latest reconciliation could not repair (one incident each)")
                .register(meters);
    }

    public void save(ReconciliationReport report) {
        jdbc.update(
                "INSERT INTO cf_reconciliation_report (finished_at, placed_from, placed_to, ca_orders, drifted,"
                        + " unrepaired, lines) VALUES (?, ?, ?, ?, ?, ?, ?)",
                Timestamp.from(report.finishedAt()),
                Timestamp.from(report.placedFrom()),
                Timestamp.from(report.placedTo()),
                report.caOrders(),
                report.drifted(),
                report.unrepaired(),
                String.join("\n", report.lines()));
    }

    public Optional<ReconciliationReport> latest() {
        return jdbc
                .query(
                        "SELECT * FROM cf_reconciliation_report ORDER BY id DESC FETCH FIRST 1 ROWS ONLY",
                        (row, n) -> new ReconciliationReport(
                                row.getTimestamp("finished_at").toInstant(),
                                row.getTimestamp("placed_from").toInstant(),
                                row.getTimestamp("placed_to").toInstant(),
                                row.getInt("ca_orders"),
                                row.getInt("drifted"),
                                row.getInt("unrepaired"),
                                lines(row.getString("lines"))))
                .stream()
                .findFirst();
    }

    private double latestCount(String column) {
        List<Integer> values = jdbc.queryForList(
                "SELECT " + column + " FROM cf_reconciliation_report ORDER BY id DESC FETCH FIRST 1 ROWS ONLY",
                Integer.class);
        return values.isEmpty() ? 0 : values.get(0);
    }

    private static List<String> lines(String text) {
        return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }
}
