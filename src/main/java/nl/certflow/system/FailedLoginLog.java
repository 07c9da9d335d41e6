package nl.certflow.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/** Logs each failed API or webhook login with the account name and address — never the password that was tried. */
@Component
class FailedLoginLog {

    private static final Logger LOG = LoggerFactory.getLogger(FailedLoginLog.class);

    @EventListener
    void failed(AbstractAuthenticationFailureEvent event) {
        Object details = event.getAuthentication().getDetails();
        String address = details instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : "unknown address";
        LOG.warn(
                "Failed login for account '{}' from {}: {}",
                printable(event.getAuthentication().getName()),
                address,
                event.getException().getClass().getSimpleName());
    }

    /** The name comes from the caller: no line breaks or control characters reach the log, and not too much of it. */
    private static String printable(String name) {
        String cleaned = name == null ? "" : name.replaceAll("\\p{Cntrl}", "?");
        return cleaned.length() > 100 ? cleaned.substring(0, 100) + "…" : cleaned;
    }
}
