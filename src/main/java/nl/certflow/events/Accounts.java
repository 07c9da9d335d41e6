package nl.certflow.events;

import nl.certflow.order.Caller;
import org.springframework.security.core.Authentication;

/** The API account behind a request: a customer sees its own events and endpoints, an operator all. */
final class Accounts {

    private Accounts() {}

    static Caller caller(Authentication auth) {
        boolean operator =
                auth.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_OPERATOR"));
        return new Caller(auth.getName(), operator);
    }
}
