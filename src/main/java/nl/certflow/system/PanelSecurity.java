package nl.certflow.system;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Set;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

/**
 * The control panel page's sign-in: form login at {@code /panel/login} with the API accounts, a session, and CSRF
 * protection on everything that changes state. Only the login page and what it needs are open.
 */
final class PanelSecurity {

    static final String LOGIN_PAGE = "/panel/login";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private PanelSecurity() {}

    static HttpSecurity configure(
            HttpSecurity http,
            AuthenticationManager manager,
            AuthenticationEntryPoint unauthorized,
            AccessDeniedHandler forbidden)
            throws Exception {
        return http.authorizeHttpRequests(auth -> auth.requestMatchers(
                                LOGIN_PAGE, "/panel/login.html", "/panel/login.js", "/panel/panel.css", "/panel/csrf")
                        .permitAll()
                        .requestMatchers("/panel/orders/*/cockpit")
                        .hasRole(ApiUsersProperties.Role.OPERATOR.name())
                        .anyRequest()
                        .hasAnyRole(ApiUsersProperties.Role.CUSTOMER.name(), ApiUsersProperties.Role.OPERATOR.name()))
                .authenticationManager(manager)
                .formLogin(form -> form.loginPage(LOGIN_PAGE)
                        .loginProcessingUrl(LOGIN_PAGE)
                        .defaultSuccessUrl("/panel/")
                        .failureUrl(LOGIN_PAGE + "?error"))
                .logout(logout -> logout.logoutUrl("/panel/logout").logoutSuccessUrl(LOGIN_PAGE + "?logout"))
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(unauthorized, PanelSecurity::isPageCall)
                        .defaultAuthenticationEntryPointFor(
                                new LoginUrlAuthenticationEntryPoint(LOGIN_PAGE), AnyRequestMatcher.INSTANCE)
                        .accessDeniedHandler(forbidden))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED));
    }

    /** A call the page's script makes (it always says so): answered 401 instead of a redirect or a Basic prompt. */
    static boolean isPageCall(HttpServletRequest request) {
        return "XMLHttpRequest".equals(request.getHeader("X-Requested-With"));
    }

    /**
     * An API request that changes something and would be authenticated by the session cookie (it has a session and
     * no Basic credentials): it must carry the CSRF token. Basic credentials are never sent by another site's form.
     */
    static boolean reliesOnSessionToChange(HttpServletRequest request) {
        if (SAFE_METHODS.contains(request.getMethod())) {
            return false;
        }
        String authorization = request.getHeader("Authorization");
        boolean basic =
                authorization != null && authorization.toLowerCase(Locale.ROOT).startsWith("basic ");
        return !basic && request.getSession(false) != null;
    }
}
