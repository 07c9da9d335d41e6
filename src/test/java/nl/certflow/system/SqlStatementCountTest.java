package nl.certflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

class SqlStatementCountTest {

    @Test
    void countsEveryStatementTheNodeSendsEachOfABatchToo() throws Exception {
        SqlStatementCount count = new SqlStatementCount();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        count.bindTo(registry);
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl("jdbc:h2:mem:ignored");
            count.postProcessAfterInitialization(pool, "dataSource");
            // A post-processor after this one (H2Durability) may still change the URL: the pool opens on the last one.
            pool.setJdbcUrl("jdbc:h2:mem:counted;DB_CLOSE_DELAY=-1");
            JdbcTemplate jdbc = new JdbcTemplate(pool);
            double before = statements(registry);
            jdbc.execute("CREATE TABLE t (id INT)");
            jdbc.batchUpdate("INSERT INTO t VALUES (?)", List.of(new Object[] {1}, new Object[] {2}, new Object[] {3}));
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM t", Integer.class))
                    .isEqualTo(3);

            assertThat(statements(registry) - before).isEqualTo(5);
            try (var connection = pool.getConnection()) {
                assertThat(connection.getMetaData().getURL()).isEqualTo("jdbc:h2:mem:counted");
            }
        }
    }

    private static double statements(SimpleMeterRegistry registry) {
        return registry.get("certflow.jdbc.statements").functionCounter().count();
    }
}
