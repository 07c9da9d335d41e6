package nl.certflow.panel;

import java.net.URI;
import nl.certflow.order.OrderNotFoundException;
import nl.certflow.process.ProcessVariables;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The operator's way from an order on the page to its process instance in Cockpit (signed in there with the Camunda
 * operator account). Cockpit shows running instances; a final order's process has ended, so it has no link.
 */
@Controller
public class CockpitLinkController {

    private final RuntimeService runtime;

    public CockpitLinkController(RuntimeService runtime) {
        this.runtime = runtime;
    }

    @GetMapping("/panel/orders/{id}/cockpit")
    public ResponseEntity<Void> cockpit(@PathVariable String id) {
        ProcessInstance instance = runtime
                .createProcessInstanceQuery()
                .processDefinitionKey(ProcessVariables.PROCESS_KEY)
                .processInstanceBusinessKey(id)
                .listPage(0, 1)
                .stream()
                .findFirst()
                .orElseThrow(() -> new OrderNotFoundException(id));
        return ResponseEntity.status(HttpStatus.FOUND)
                .location(
                        URI.create("/camunda/app/cockpit/default/#/process-instance/" + instance.getId() + "/runtime"))
                .build();
    }
}
