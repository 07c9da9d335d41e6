package nl.certflow.panel;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Serves the control panel page (static HTML and JavaScript modules under {@code static/panel/}) and tells its
 * script who is signed in and which CSRF token the session's state-changing calls must carry.
 */
@Controller
public class PanelController {

    @GetMapping({"/panel", "/panel/"})
    public String page() {
        return "forward:/panel/index.html";
    }

    @GetMapping("/panel/login")
    public String loginPage() {
        return "forward:/panel/login.html";
    }

    /** For the login form, which must carry the token too (no login CSRF). */
    @GetMapping(path = "/panel/csrf", produces = "application/json")
    @ResponseBody
    public Csrf csrf(CsrfToken token) {
        return Csrf.of(token);
    }

    @GetMapping(path = "/panel/session", produces = "application/json")
    @ResponseBody
    public PanelSession session(Authentication auth, CsrfToken token) {
        boolean operator =
                auth.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_OPERATOR"));
        return new PanelSession(auth.getName(), operator, Csrf.of(token));
    }

    public record PanelSession(String name, boolean operator, Csrf csrf) {}

    public record Csrf(String headerName, String parameterName, String token) {

        static Csrf of(CsrfToken token) {
            return new Csrf(token.getHeaderName(), token.getParameterName(), token.getToken());
        }
    }
}
