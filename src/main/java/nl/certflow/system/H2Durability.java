package nl.certflow.system;

import com.zaxxer.hikari.HikariDataSource;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Every H2 database that outlives the process writes each commit to its file at once ({@code WRITE_DELAY=0}), whatever
 * URL the user configured. H2's default writes within 500 ms of a commit: a killed process lost acknowledged orders
 * (scripts/crash-test.sh with a plain {@code jdbc:h2:file:} URL). A URL that asks for a delay is refused at start.
 */
@Component
class H2Durability implements BeanPostProcessor {

    private static final Pattern WRITE_DELAY =
            Pattern.compile(";\\s*WRITE_DELAY\\s*=\\s*([^;]*)", Pattern.CASE_INSENSITIVE);

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        // After binding spring.datasource.*, before the pool opens its first connection.
        if (bean instanceof HikariDataSource dataSource && dataSource.getJdbcUrl() != null) {
            dataSource.setJdbcUrl(durable(dataSource.getJdbcUrl()));
        }
        return bean;
    }

    /** The URL with {@code WRITE_DELAY=0} for an H2 database kept in files; any other URL as given. */
    static String durable(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:h2:") || lower.startsWith("jdbc:h2:mem:")) {
            return url;
        }
        Matcher delay = WRITE_DELAY.matcher(url);
        if (!delay.find()) {
            return url + ";WRITE_DELAY=0";
        }
        if (!delay.group(1).strip().equals("0")) {
            throw new IllegalStateException(
                    "spring.datasource.url sets WRITE_DELAY=" + delay.group(1).strip()
                            + ": H2 would then keep commits in memory for a while, and a crash would lose orders and pushes "
                            + "certflow already acknowledged. Remove WRITE_DELAY from the URL (certflow sets WRITE_DELAY=0).");
        }
        return url;
    }
}
