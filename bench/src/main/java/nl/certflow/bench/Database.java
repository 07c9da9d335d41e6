package nl.certflow.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A database of one kind, for certflow (through its environment) and for the benchmark's own SQL: measurements
 * read after the node stopped (H2's file is locked while it runs).
 */
public record Database(String kind, String url, String user, String password, Path h2AppDir) {

    static Database h2(Path appDir) {
        return new Database(
                "h2", "jdbc:h2:file:" + appDir.resolve("data/certflow").toAbsolutePath(), "sa", "", appDir);
    }

    static Database postgres(String url, String user, String password) {
        return new Database("postgres", url, user, password, null);
    }

    /** H2 is certflow's embedded default (./data under its working directory): no settings needed. */
    Map<String, String> environment() {
        if (kind.equals("h2")) {
            return Map.of();
        }
        return Map.of(
                "SPRING_DATASOURCE_URL",
                url,
                "SPRING_DATASOURCE_USERNAME",
                user,
                "SPRING_DATASOURCE_PASSWORD",
                password);
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** Microseconds from each CA push (issued 6, revoked 8) to the status change it caused, for orders created in the window. */
    long[] pushToStatusMicros(Instant from, Instant to) throws SQLException {
        String orders = " FROM cf_order o WHERE o.created_at >= ? AND o.created_at < ?";
        Map<String, Map<String, Instant>> changes = new HashMap<>();
        try (Connection c = connect()) {
            try (PreparedStatement s = c.prepareStatement("SELECT h.order_id, h.status, h.at FROM cf_order_history h"
                    + " WHERE h.pending_transition IS NULL AND h.status IN ('ACTIVE', 'REVOKED') AND h.order_id IN (SELECT o.id"
                    + orders + ")")) {
                bind(s, from, to);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        changes.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                                .put(rs.getString(2), rs.getTimestamp(3).toInstant());
                    }
                }
            }
            List<Long> latencies = new ArrayList<>();
            try (PreparedStatement s =
                    c.prepareStatement("SELECT p.order_id, p.status_code, p.received_at FROM cf_ca_push p"
                            + " WHERE p.status_code IN (6, 8) AND p.order_id IN (SELECT o.id" + orders + ")")) {
                bind(s, from, to);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Instant changed = changes.getOrDefault(rs.getString(1), Map.of())
                                .get(rs.getInt(2) == 6 ? "ACTIVE" : "REVOKED");
                        if (changed != null) {
                            latencies.add(Duration.between(rs.getTimestamp(3).toInstant(), changed)
                                            .toNanos()
                                    / 1000);
                        }
                    }
                }
            }
            return latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        }
    }

    /** Seconds between the first and the last Vervallen, and how many. */
    double[] expiries() throws SQLException {
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement(
                        "SELECT MIN(at), MAX(at), COUNT(*) FROM cf_order_history WHERE status = 'EXPIRED'");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            if (rs.getLong(3) == 0) {
                return new double[] {0, 0};
            }
            double seconds = (rs.getTimestamp(2).getTime() - rs.getTimestamp(1).getTime()) / 1000.0;
            return new double[] {seconds, rs.getLong(3)};
        }
    }

    long count(String sql) throws SQLException {
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Bytes on disk per table (PostgreSQL: with indexes and TOAST; H2: DISK_SPACE_USED), lower-case names. */
    Map<String, Long> tableBytes() throws SQLException {
        String sql = kind.equals("h2")
                ? "SELECT TABLE_NAME, DISK_SPACE_USED('\"' || TABLE_SCHEMA || '\".\"' || TABLE_NAME || '\"')"
                        + " FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_TYPE = 'BASE TABLE'"
                : "SELECT relname, pg_total_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = current_schema() AND c.relkind = 'r'";
        Map<String, Long> bytes = new LinkedHashMap<>();
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                bytes.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getLong(2));
            }
        }
        return bytes;
    }

    private static void bind(PreparedStatement s, Instant from, Instant to) throws SQLException {
        s.setTimestamp(1, Timestamp.from(from));
        s.setTimestamp(2, Timestamp.from(to));
    }
}
