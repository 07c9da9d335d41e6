package nl.certflow.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import nl.certflow.webhook.CaPushInbox.Receipt;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sectigo's "Certificate Issuance Push" (GET with a query string or POST with a form). Credentials and source
 * address are checked by the security filters before this runs; the 200 is sent only after the push is stored.
 */
@RestController
public class SectigoWebhookController {

    private final CaPushInbox inbox;
    private final Counter accepted;
    private final Counter duplicates;

    public SectigoWebhookController(CaPushInbox inbox, MeterRegistry meters) {
        this.inbox = inbox;
        this.accepted = pushes(meters, "accepted");
        this.duplicates = pushes(meters, "duplicate");
    }

    private static Counter pushes(MeterRegistry meters, String result) {
        return Counter.builder("certflow.webhook.pushes")
                .description("CA pushes received and acknowledged")
                .tag("result", result)
                .register(meters);
    }

    @RequestMapping(
            path = "/webhooks/sectigo",
            method = {RequestMethod.GET, RequestMethod.POST},
            produces = MediaType.TEXT_PLAIN_VALUE)
    public String receive(@RequestParam MultiValueMap<String, String> form, HttpServletRequest request) {
        CaPush push = CaPushParser.parse(form);
        Receipt receipt;
        try {
            receipt = inbox.accept(push, request.getRemoteAddr());
        } catch (DuplicateKeyException e) {
            receipt = Receipt.DUPLICATE;
        }
        (receipt == Receipt.ACCEPTED ? accepted : duplicates).increment();
        return receipt == Receipt.ACCEPTED ? "OK" : "OK duplicate";
    }
}
