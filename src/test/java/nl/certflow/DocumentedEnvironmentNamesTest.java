package nl.certflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.certflow.ca.WebhookProperties;
import nl.certflow.ca.sectigo.SectigoProperties;
import nl.certflow.ca.simulator.SimulatorProperties;
import nl.certflow.dcv.DcvProperties;
import nl.certflow.events.WebhooksProperties;
import nl.certflow.order.ValidityLimits;
import nl.certflow.prevalidation.KvkProperties;
import nl.certflow.system.ApiUsersProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Every environment variable the README, .env.example, docker-compose.yml and docs/ tell a user to set is one certflow
 * reads, spelled one way: each is bound as Spring binds the environment and must change a setting (a misspelled name
 * is silently ignored at run time; here it fails), and no setting is named two ways. Spring also accepts an
 * underscore for a dash ({@code CERTFLOW_CA_SECTIGO_LOGIN_PASSWORD} for {@code login-password}), so a second
 * spelling works, but a user comparing the README with docker-compose.yml cannot know that.
 */
@DatabaseIndependent
class DocumentedEnvironmentNamesTest {

    private static final List<Path> DOCUMENTS = List.of(
            Path.of("README.md"),
            Path.of(".env.example"),
            Path.of("docker-compose.yml"),
            Path.of("docs/connecting-to-sectigo.md"));
    private static final Pattern NAME = Pattern.compile("\\bCERTFLOW_[A-Z0-9_]*[A-Z0-9]");
    private static final Pattern LATER_LIST_ENTRY = Pattern.compile("_[1-9][0-9]*_");
    private static final List<Class<?>> SETTINGS = List.of(
            SectigoProperties.class,
            WebhookProperties.class,
            KvkProperties.class,
            SimulatorProperties.class,
            ApiUsersProperties.class,
            WebhooksProperties.class,
            ValidityLimits.class,
            DcvProperties.class);
    /**
     * Read with @Value, as a placeholder in application-postgres.yml, by compose itself / the tests, or by the
     * operators' scripts/migrate.sh (where to reach certflow, and as whom).
     */
    private static final Set<String> READ_ELSEWHERE = Set.of(
            "CERTFLOW_CA_PROVIDER",
            "CERTFLOW_CA_POLLINTERVAL",
            "CERTFLOW_PREVALIDATION_REGISTRY",
            "CERTFLOW_DB_URL",
            "CERTFLOW_DB_USERNAME",
            "CERTFLOW_DB_PASSWORD",
            "CERTFLOW_HTTP_PORT",
            "CERTFLOW_TEST_POSTGRES_URL",
            "CERTFLOW_TEST_POSTGRES_USERNAME",
            "CERTFLOW_TEST_POSTGRES_PASSWORD",
            "CERTFLOW_URL",
            "CERTFLOW_OPERATOR");
    // A value of the right type for whichever setting the name reaches.
    private static final List<String> SAMPLES = List.of("sample-1", "PT7S", "true", "7", "OPERATOR", "2031-01-01");

    @Test
    void everyDocumentedVariableReachesASetting() throws IOException {
        Set<String> names = documentedNames();
        assertThat(names)
                .as("names found")
                .contains("CERTFLOW_CA_SECTIGO_LOGINPASSWORD", "CERTFLOW_WEBHOOK_SECTIGO_PASSWORD");
        List<String> ignored = new ArrayList<>();
        for (String name : names) {
            if (!READ_ELSEWHERE.contains(name) && SETTINGS.stream().noneMatch(settings -> changes(settings, name))) {
                ignored.add(name);
            }
        }
        assertThat(ignored)
                .as("documented variables that certflow would ignore")
                .isEmpty();
    }

    @Test
    void everySettingHasOneSpelling() throws IOException {
        Map<String, Set<String>> spellings = new TreeMap<>();
        for (String name : documentedNames()) {
            spellings
                    .computeIfAbsent(name.replace("_", ""), key -> new TreeSet<>())
                    .add(name);
        }
        assertThat(spellings.values())
                .as("settings named more than one way")
                .allSatisfy(names -> assertThat(names).hasSize(1));
    }

    private static boolean changes(Class<?> settings, String name) {
        String prefix = settings.getAnnotation(ConfigurationProperties.class).value();
        // A list entry after the first (USERS_1_NAME) counts only next to the first, as Spring binds lists.
        Map<String, Object> before = new HashMap<>();
        Matcher entry = LATER_LIST_ENTRY.matcher(name);
        if (entry.find()) {
            before.put(entry.replaceFirst("_0_"), "sample-0");
        }
        Object unset = bind(settings, prefix, before);
        for (String sample : SAMPLES) {
            Map<String, Object> with = new HashMap<>(before);
            with.put(name, sample);
            try {
                if (!bind(settings, prefix, with).equals(unset)) {
                    return true;
                }
            } catch (RuntimeException wrongType) {
                // A value the setting reads and refuses in its own words (an incomplete table entry) is read.
                for (Throwable cause = wrongType; cause != null; cause = cause.getCause()) {
                    if (cause instanceof IllegalArgumentException
                            && String.valueOf(cause.getMessage()).contains(prefix)) {
                        return true;
                    }
                }
                // else try the next kind of value
            }
        }
        return false;
    }

    private static Object bind(Class<?> settings, String prefix, Map<String, Object> environment) {
        StandardEnvironment spring = new StandardEnvironment();
        spring.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        spring.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        spring.getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
        return new Binder(ConfigurationPropertySources.get(spring)).bindOrCreate(prefix, settings);
    }

    private static Set<String> documentedNames() throws IOException {
        Set<String> names = new TreeSet<>();
        for (Path document : DOCUMENTS) {
            Matcher matcher = NAME.matcher(Files.readString(document));
            while (matcher.find()) {
                names.add(matcher.group());
            }
        }
        return names;
    }
}
