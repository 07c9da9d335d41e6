package nl.certflow.webhook;

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

    public SectigoWebhookController(CaPushInbox inbox) {
        this.inbox = inbox;
    }

    @RequestMapping(path = "/webhooks/sectigo", method = {RequestMethod.GET, RequestMethod.POST},
            produces = MediaType.TEXT_PLAIN_VALUE)
    public String receive(@RequestParam MultiValueMap<String, String> form, HttpServletRequest request) {
        CaPush push = CaPushParser.parse(form);
        try {
            return inbox.accept(push, request.getRemoteAddr()) == Receipt.ACCEPTED ? "OK" : "OK duplicate";
        } catch (DuplicateKeyException e) {
            return "OK duplicate";
        }
    }
}
