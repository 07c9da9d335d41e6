package nl.certflow.dcv;

import java.util.List;
import nl.certflow.order.Caller;
import nl.certflow.order.OrderRequests.DcvBody;
import nl.certflow.order.OrderView;
import nl.certflow.order.OrderView.DcvView;
import nl.certflow.order.OrderViews;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The DCV calls of the control-panel API (contract, "Domain control validation"). */
@RestController
@RequestMapping(path = "/api/orders/{id}/dcv", produces = "application/json")
public class DcvController {

    private final DcvService dcv;
    private final OrderViews views;

    public DcvController(DcvService dcv, OrderViews views) {
        this.dcv = dcv;
        this.views = views;
    }

    @GetMapping("/approver-emails")
    public ApproverEmails approverEmails(Authentication auth, @PathVariable String id) {
        return new ApproverEmails(dcv.approverEmails(caller(auth), id));
    }

    /** Changes the method at the CA while Aangevraagd (asynchronous: the order shows it once the CA took it). */
    @PostMapping
    public ResponseEntity<OrderView> changeMethod(
            Authentication auth, @PathVariable String id, @RequestBody(required = false) DcvBody body) {
        return ResponseEntity.accepted().body(views.of(dcv.changeMethod(caller(auth), id, body)));
    }

    /** Sends the approval e-mail again while Aangevraagd (EMAIL orders). */
    @PostMapping("/resend")
    public ResponseEntity<OrderView> resend(Authentication auth, @PathVariable String id) {
        return ResponseEntity.accepted().body(views.of(dcv.resendEmail(caller(auth), id)));
    }

    /** Looks the records up now; answers the order's {@code dcv} with each domain's {@code lastCheck}. */
    @PostMapping("/check")
    public DcvView check(Authentication auth, @PathVariable String id) {
        return dcv.check(caller(auth), id);
    }

    public record ApproverEmails(List<String> addresses) {}

    private static Caller caller(Authentication auth) {
        boolean operator =
                auth.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_OPERATOR"));
        return new Caller(auth.getName(), operator);
    }
}
