package nl.certflow.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import nl.certflow.DatabaseIndependent;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.junit.jupiter.api.Test;

/**
 * The element templates in bpmn/.camunda/element-templates/ (what Camunda Modeler offers analysts as ready-made
 * steps) against the models and the code, in the build (tools/render/validate-templates.mjs checks the same and the
 * published JSON schema, but needs Node.js): every delegate a model calls has a template, a template's hidden
 * "asynchronous before" is the model's, a task that says it was made from a template names one that exists and binds
 * the same delegate, and every template calls a bean the application has.
 */
@DatabaseIndependent
class ElementTemplatesTest {

    private static final Path TEMPLATES = Path.of("bpmn/.camunda/element-templates");
    private static final String DELEGATE = "camunda:delegateExpression";
    private static final String ASYNC = "camunda:asyncBefore";

    @Test
    void everyDelegateInTheModelsHasATemplateThatAgreesWithTheModel() throws IOException {
        List<Template> templates = templates();
        Map<String, Template> byDelegate = new HashMap<>();
        templates.stream().filter(t -> t.delegate() != null).forEach(t -> byDelegate.putIfAbsent(t.delegate(), t));
        List<String> problems = new ArrayList<>();
        for (String file : BpmnModelGuardTest.everyModel().toList()) {
            for (ServiceTask task :
                    Bpmn.readModelFromFile(Path.of(file).toFile()).getModelElementsByType(ServiceTask.class)) {
                String where = file + ": '" + task.getName() + "' (" + task.getId() + ")";
                String delegate = task.getCamundaDelegateExpression();
                Template template = byDelegate.get(delegate);
                if (template == null) {
                    problems.add(where + " calls " + delegate + ", but no element template in " + TEMPLATES
                            + " does: add one, so that analysts can add the step in Modeler");
                    continue;
                }
                if (template.asyncBefore() != null && template.asyncBefore() != task.isCamundaAsyncBefore()) {
                    problems.add(where + " has 'asynchronous before' " + task.isCamundaAsyncBefore()
                            + ", but its template '" + template.name() + "' sets " + template.asyncBefore());
                }
                String applied = task.getAttributeValueNs("http://camunda.org/schema/1.0/bpmn", "modelerTemplate");
                if (applied != null) {
                    String version =
                            task.getAttributeValueNs("http://camunda.org/schema/1.0/bpmn", "modelerTemplateVersion");
                    Template named = templates.stream()
                            .filter(t -> t.id().equals(applied) && (version == null || version.equals(t.version())))
                            .findFirst()
                            .orElse(null);
                    if (named == null) {
                        problems.add(where + " says it was made from template " + applied + " version " + version
                                + ", which " + TEMPLATES + " does not have");
                    } else if (!delegate.equals(named.delegate())) {
                        problems.add(where + " calls " + delegate + ", but its template " + applied + " calls "
                                + named.delegate());
                    }
                }
            }
        }
        assertThat(problems).as("element templates out of step with the models").isEmpty();
    }

    @Test
    void everyTemplateCallsABeanTheApplicationHas() throws IOException {
        Map<String, Class<?>> beans = BpmnModelGuardTest.namedComponents();
        assertThat(templates())
                .isNotEmpty()
                .allSatisfy(template -> assertThat(template.delegate())
                        .as("template '%s' (%s) must call a bean with ${beanName}", template.name(), template.file())
                        .matches("\\$\\{[A-Za-z][A-Za-z0-9]*}")
                        .satisfies(delegate -> assertThat(beans)
                                .as(
                                        "template '%s' calls %s, which the application does not have",
                                        template.name(), delegate)
                                .containsKey(delegate.substring(2, delegate.length() - 1))));
    }

    @Test
    void theReconciliationStepsHaveTemplates() throws IOException {
        assertThat(templates())
                .extracting(Template::delegate)
                .contains("${reconcileWithCa}", "${reportUnrepairedDrift}");
    }

    record Template(String file, String id, String version, String name, String delegate, Boolean asyncBefore) {}

    static List<Template> templates() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Template> templates = new ArrayList<>();
        try (Stream<Path> files = Files.list(TEMPLATES)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode root = json.readTree(file.toFile());
                for (JsonNode t : root.isArray() ? root : json.createArrayNode().add(root)) {
                    String delegate = null;
                    Boolean async = null;
                    for (JsonNode property : t.path("properties")) {
                        String binding = property.path("binding").path("name").asText();
                        if (DELEGATE.equals(binding)) {
                            delegate = property.path("value").asText();
                        } else if (ASYNC.equals(binding)) {
                            async = property.path("value").asBoolean();
                        }
                    }
                    templates.add(new Template(
                            file.getFileName().toString(),
                            t.path("id").asText(),
                            t.path("version").asText(),
                            t.path("name").asText(),
                            delegate,
                            async));
                }
            }
        }
        return templates;
    }
}
