package nl.certflow.panel;

import java.util.List;
import nl.certflow.order.CsrDetails;
import nl.certflow.order.CsrInspector;
import nl.certflow.order.FieldError;
import nl.certflow.order.InvalidCsrException;
import nl.certflow.order.InvalidOrderException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Reads a pasted CSR for the new order form: what it asks for, or why it would be refused. Changes nothing. */
@RestController
public class CsrInspectionController {

    private final CsrInspector inspector;

    public CsrInspectionController(CsrInspector inspector) {
        this.inspector = inspector;
    }

    @PostMapping(path = "/api/csr/inspect", consumes = "application/json", produces = "application/json")
    public CsrView inspect(@RequestBody CsrBody body) {
        try {
            CsrDetails details = inspector.inspect(body == null ? null : body.csr());
            return new CsrView(details.commonName(), details.dnsNames(), details.keyAlgorithm(), details.keySize());
        } catch (InvalidCsrException e) {
            throw new InvalidOrderException(List.of(new FieldError("csr", e.getMessage())));
        }
    }

    public record CsrBody(String csr) {}

    public record CsrView(String commonName, List<String> subjectAlternativeNames, String keyAlgorithm, int keySize) {}
}
