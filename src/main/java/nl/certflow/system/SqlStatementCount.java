package nl.certflow.system;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.DriverDataSource;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * {@code certflow.jdbc.statements}: the SQL statements this node sent to the database (a JDBC batch counts each of its
 * statements), for the benchmark's "SQL statements per lifecycle" and for operators. Counted on the pool's own
 * connections — the pool (and every bean using it) stays as it is — by a thin proxy on each statement.
 */
@Component
class SqlStatementCount implements BeanPostProcessor, MeterBinder {

    private static final Set<String> EXECUTIONS =
            Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "addBatch");
    private static final Set<String> STATEMENT_FACTORIES = Set.of("createStatement", "prepareStatement", "prepareCall");

    private final LongAdder statements = new LongAdder();

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool && pool.getDataSource() == null && pool.getJdbcUrl() != null) {
            pool.setDataSource(new CountingConnections(pool));
        }
        return bean;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("certflow.jdbc.statements", statements, LongAdder::sum)
                .description("SQL statements sent to the database (each statement of a JDBC batch counts)")
                .register(registry);
    }

    /**
     * The pool's source of connections: its own driver settings, read when the pool opens its first connection (so
     * after every post-processor, {@link H2Durability} too, has set the URL), each connection counting statements.
     */
    private final class CountingConnections implements DataSource {

        private final HikariDataSource pool;
        private volatile DataSource driver;

        CountingConnections(HikariDataSource pool) {
            this.pool = pool;
        }

        private DataSource driver() {
            if (driver == null) {
                driver = new DriverDataSource(
                        pool.getJdbcUrl(),
                        pool.getDriverClassName(),
                        pool.getDataSourceProperties(),
                        pool.getUsername(),
                        pool.getPassword());
            }
            return driver;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return counting(driver().getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return counting(driver().getConnection(username, password));
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return driver().getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            driver().setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            driver().setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return driver().getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return driver().getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return driver().unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return driver().isWrapperFor(type);
        }
    }

    private Connection counting(Connection connection) {
        return proxy(Connection.class, connection, (method, result) -> {
            if (STATEMENT_FACTORIES.contains(method.getName())) {
                if (result instanceof CallableStatement call) {
                    return proxy(CallableStatement.class, call, this::countExecution);
                }
                if (result instanceof PreparedStatement prepared) {
                    return proxy(PreparedStatement.class, prepared, this::countExecution);
                }
                return proxy(Statement.class, (Statement) result, this::countExecution);
            }
            return result;
        });
    }

    private Object countExecution(Method method, Object result) {
        if (EXECUTIONS.contains(method.getName())) {
            statements.increment();
        }
        return result;
    }

    /** What a proxied call answers, given the method and what the target answered. */
    private interface After {
        Object apply(Method method, Object result);
    }

    private static <T> T proxy(Class<T> type, T target, After after) {
        InvocationHandler handler = (self, method, args) -> {
            try {
                return after.apply(method, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
