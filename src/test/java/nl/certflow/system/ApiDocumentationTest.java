package nl.certflow.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.certflow.ApiClient;
import nl.certflow.ApiClient.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The OpenAPI document generated from the controllers describes exactly the calls the README's "API summary" lists,
 * every call of the contract ({@code ../shared/CONTRACT.md}) that certflow has built, and only API accounts read it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ApiDocumentationTest {

    private static final Pattern METHOD = Pattern.compile("^(GET|POST|PUT|PATCH|DELETE)(?: (/\\S*))?$");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Set<String> HTTP_METHODS = Set.of("get", "post", "put", "patch", "delete");

    /**
     * Calls of the contract that other issues add (DCV, reissue, renewal) and certflow does not have yet. A call that
     * is built must leave this list: then the document has to describe it.
     */
    private static final Set<String> NOT_YET_BUILT = Set.of();

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void theDocumentDescribesExactlyTheCallsOfTheReadmesApiSummary() throws IOException {
        assertThat(documentedCalls())
                .as("operations in /v3/api-docs vs. the README's API summary table")
                .isEqualTo(calls(section(Files.readString(Path.of("README.md")), "## API summary")));
    }

    @Test
    void everyCallOfTheContractThatIsBuiltIsDocumented() throws IOException {
        Path contract = Path.of("../shared/CONTRACT.md");
        assumeTrue(Files.exists(contract), "the contract lies beside the repository (shared/) in CI and sessions");
        Set<String> missing = new TreeSet<>(calls(Files.readString(contract)));
        missing.removeAll(documentedCalls());
        assertThat(missing)
                .as("calls of the contract missing from the OpenAPI document")
                .isSubsetOf(NOT_YET_BUILT);
    }

    @Test
    void onlyApiAccountsReadTheDocumentAndItsUi() {
        for (String path : List.of("/v3/api-docs", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/index.html")) {
            assertThat(api.get(null, null, path).status())
                    .as("anonymous " + path)
                    .isEqualTo(401);
            assertThat(api.get("alice", "wrong-password", path).status())
                    .as("wrong password " + path)
                    .isEqualTo(401);
            assertThat(api.get("sectigo", "push-secret", path).status())
                    .as("the CA's account " + path)
                    .isEqualTo(401);
            assertThat(api.get("operator", "operator-secret", path).status())
                    .as("the Camunda operator " + path)
                    .isEqualTo(401);
        }
        assertThat(api.get("bob", "bob-secret", "/v3/api-docs.yaml").body()).startsWith("openapi: 3.");
        for (String user : List.of("alice", "ops")) {
            Response document = api.get(user, user + "-secret", "/v3/api-docs");
            assertThat(document.status()).isEqualTo(200);
            assertThat(document.json().get("openapi").asText()).startsWith("3.");
            assertThat(document.json()
                            .at("/components/securitySchemes/basic/scheme")
                            .asText())
                    .isEqualTo("basic");
            assertThat(document.json().findValuesAsText("name"))
                    .as("the signed-in account is no parameter")
                    .doesNotContain("auth", "authentication");
        }
        Response ui = api.get("alice", "alice-secret", "/swagger-ui/index.html");
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui");
        assertThat(api.get("alice", "alice-secret", "/v3/api-docs/swagger-config")
                        .json()
                        .get("url")
                        .asText())
                .as("Swagger UI shows certflow's own document")
                .isEqualTo("/v3/api-docs");
    }

    /** "METHOD /path" of every operation in the generated document. */
    private Set<String> documentedCalls() {
        JsonNode document = api.get("alice", "alice-secret", "/v3/api-docs").json();
        Set<String> calls = new TreeSet<>();
        document.get("paths")
                .fields()
                .forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
                    if (HTTP_METHODS.contains(method)) {
                        calls.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                    }
                }));
        return calls;
    }

    /** The text from a heading to the next heading of the same level. */
    private static String section(String markdown, String heading) {
        int start = markdown.indexOf("\n" + heading + "\n");
        assertThat(start).as(heading).isNotNegative();
        int end = markdown.indexOf("\n## ", start + heading.length() + 2);
        return end < 0 ? markdown.substring(start) : markdown.substring(start, end);
    }

    /**
     * The calls in the first column of every "| call | effect | answers |" table: {@code `POST /api/orders`},
     * {@code `GET /api/orders?status=`} (the query is not part of the path), {@code `GET`/`POST /webhooks/sectigo`}
     * (two methods, one path), {@code `GET /api/webhooks`, `DELETE /api/webhooks/{id}`} (two calls).
     */
    static Set<String> calls(String markdown) {
        Set<String> calls = new TreeSet<>();
        boolean inTable = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("| call |")) {
                inTable = true;
                continue;
            }
            if (!line.startsWith("|")) {
                inTable = false;
                continue;
            }
            if (!inTable || line.startsWith("|---")) {
                continue;
            }
            String cell = line.split("\\|")[1];
            List<String> methods = new ArrayList<>();
            Matcher code = CODE.matcher(cell);
            while (code.find()) {
                Matcher call = METHOD.matcher(code.group(1).trim());
                if (!call.matches()) {
                    continue; // a body such as {"reason": "…"}
                }
                methods.add(call.group(1));
                if (call.group(2) != null) {
                    String path = call.group(2).replaceFirst("\\?.*", "");
                    methods.forEach(method -> calls.add(method + " " + path));
                    methods.clear();
                }
            }
        }
        return calls;
    }
}
