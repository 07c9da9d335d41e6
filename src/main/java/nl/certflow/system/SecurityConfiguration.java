package nl.certflow.system;

import jakarta.servlet.http.HttpServletRequest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import nl.certflow.ca.WebhookCredentials;
import nl.certflow.ca.WebhookProperties;
import nl.certflow.system.ApiUsersProperties.ApiUser;
import nl.certflow.system.ApiUsersProperties.Role;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.util.unit.DataSize;

/**
 * Nothing is reachable without the right credentials: the API with {@code certflow.security.users}, the CA push with
 * the webhook credentials from an allowed address, the control panel page with a form login (same accounts as the API),
 * the engine REST API and Cockpit with the Camunda operator account.
 * Passwords configured in plain text are kept only as BCrypt hashes (see {@link VerifiedPasswordCache}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ApiUsersProperties.class, LoginThrottleProperties.class})
public class SecurityConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfiguration.class);

    /** The OpenAPI document and its Swagger UI ({@link ApiDocumentation}): for API accounts, like the API itself. */
    private static final String[] API_DOCUMENTATION = {
        "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**"
    };

    private static final String[] API_PATHS = {
        "/api/**",
        "/actuator/**",
        "/v3/api-docs",
        "/v3/api-docs.yaml",
        "/v3/api-docs/**",
        "/swagger-ui.html",
        "/swagger-ui/**"
    };

    /** Verified credentials are remembered for a minute: BCrypt on every HTTP Basic request capped throughput. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return new VerifiedPasswordCache(new BCryptPasswordEncoder(), Duration.ofMinutes(1), Clock.systemUTC());
    }

    /** The API accounts; with none configured, one demo customer with a generated password (printed once). */
    @Bean
    UserDetailsService apiUsers(ApiUsersProperties properties, PasswordEncoder encoder) {
        List<ApiUser> users = new ArrayList<>(properties.users());
        if (users.isEmpty()) {
            byte[] secret = new byte[12];
            new SecureRandom().nextBytes(secret);
            String password = HexFormat.of().formatHex(secret);
            users.add(new ApiUser("demo", password, Role.CUSTOMER));
            LOG.warn(
                    "No certflow.security.users configured: generated the API account demo / {} (role CUSTOMER). "
                            + "Configure accounts through the environment for anything but a local trial.",
                    password);
        }
        List<UserDetails> details = users.stream()
                .map(user -> {
                    if (user.name() == null
                            || user.name().isBlank()
                            || user.password() == null
                            || user.password().isBlank()) {
                        throw new IllegalStateException(
                                "Every certflow.security.users entry needs a name and a password");
                    }
                    return User.withUsername(user.name())
                            .password(encoder.encode(user.password()))
                            .roles((user.role() == null ? Role.CUSTOMER : user.role()).name())
                            .build();
                })
                .toList();
        return new InMemoryUserDetailsManager(details);
    }

    @Bean
    @Order(1)
    SecurityFilterChain webhookChain(
            HttpSecurity http,
            WebhookCredentials credentials,
            WebhookProperties properties,
            LoginThrottleProperties throttle,
            PasswordEncoder encoder,
            AuthenticationEventPublisher events,
            Clock clock)
            throws Exception {
        UserDetails ca = User.withUsername(credentials.username())
                .password(encoder.encode(credentials.password()))
                .roles("CA")
                .build();
        http.securityMatcher("/webhooks/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().hasRole("CA"))
                .authenticationManager(manager(new InMemoryUserDetailsManager(ca), encoder, events))
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized("certflow-webhook")))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized("certflow-webhook"))
                        .accessDeniedHandler(forbidden()))
                .addFilterBefore(
                        new SourceAddressFilter(properties.allowedIps(), properties.trustedProxies()),
                        BasicAuthenticationFilter.class)
                // same position, added later: runs after the source address is known
                .addFilterBefore(
                        new LoginThrottle(
                                "Webhook",
                                request -> request.getHeader("Authorization") != null,
                                throttle.maxFailures(),
                                throttle.window(),
                                clock),
                        BasicAuthenticationFilter.class);
        return stateless(http).build();
    }

    /**
     * The API and its OpenAPI document: HTTP Basic on every request, or the session the control panel page signed in
     * with. Basic never creates or changes a session; a request that relies on the session (it has one and no Basic
     * credentials) must carry the session's CSRF token when it changes something, so another site cannot act with the
     * cookie.
     */
    @Bean
    @Order(2)
    SecurityFilterChain apiChain(
            HttpSecurity http,
            UserDetailsService apiUsers,
            PasswordEncoder encoder,
            AuthenticationEventPublisher events)
            throws Exception {
        http.securityMatcher(API_PATHS)
                .authorizeHttpRequests(auth -> auth.requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .requestMatchers("/actuator/**")
                        .hasRole(Role.OPERATOR.name())
                        .requestMatchers("/api/operations/**")
                        .hasRole(Role.OPERATOR.name())
                        .requestMatchers("/api/**")
                        .hasAnyRole(Role.CUSTOMER.name(), Role.OPERATOR.name())
                        .requestMatchers(API_DOCUMENTATION)
                        .hasAnyRole(Role.CUSTOMER.name(), Role.OPERATOR.name())
                        .anyRequest()
                        .denyAll())
                .authenticationManager(manager(apiUsers, encoder, events))
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized("certflow")))
                .exceptionHandling(e ->
                        e.authenticationEntryPoint(unauthorized("certflow")).accessDeniedHandler(forbidden()))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                // no request is kept for after a login (that would open a session for every unauthenticated call)
                .requestCache(cache -> cache.requestCache(new NullRequestCache()))
                .csrf(csrf -> csrf.requireCsrfProtectionMatcher(PanelSecurity::reliesOnSessionToChange));
        return http.build();
    }

    /** The control panel page ({@code /panel/}): form login with a session and CSRF protection, same accounts as the API. */
    @Bean
    @Order(3)
    SecurityFilterChain panelChain(
            HttpSecurity http,
            UserDetailsService apiUsers,
            PasswordEncoder encoder,
            AuthenticationEventPublisher events)
            throws Exception {
        return PanelSecurity.configure(
                        http.securityMatcher("/panel", "/panel/**"),
                        manager(apiUsers, encoder, events),
                        unauthorized("certflow"),
                        forbidden())
                .build();
    }

    /**
     * Cockpit ({@code /camunda}) has its own login and CSRF protection; the engine REST API is guarded by Camunda's
     * authentication filter below. Everything else is closed. Password guessing on both is throttled per source
     * address (the webhook's trusted proxies apply): Camunda's own lock is per account, so anyone could use it to
     * lock the operator out, and it is switched off in application.yml ({@code login-max-attempts}).
     */
    @Bean
    @Order(4)
    SecurityFilterChain camundaChain(
            HttpSecurity http, WebhookProperties webhook, LoginThrottleProperties throttle, Clock clock)
            throws Exception {
        http.authorizeHttpRequests(auth -> auth.requestMatchers("/", "/camunda/**", "/engine-rest/**", "/error")
                        .permitAll()
                        .anyRequest()
                        .denyAll())
                .csrf(csrf -> csrf.disable())
                .exceptionHandling(e ->
                        e.authenticationEntryPoint(unauthorized("certflow")).accessDeniedHandler(forbidden()))
                .addFilterBefore(
                        new SourceAddressFilter(List.of(), webhook.trustedProxies()), BasicAuthenticationFilter.class)
                .addFilterBefore(
                        new LoginThrottle(
                                "Engine REST / Cockpit",
                                SecurityConfiguration::isCamundaLogin,
                                throttle.maxFailures(),
                                throttle.window(),
                                clock),
                        BasicAuthenticationFilter.class);
        return http.build();
    }

    /** HTTP Basic on the engine REST API, or Cockpit's login form. */
    private static boolean isCamundaLogin(HttpServletRequest request) {
        return request.getHeader("Authorization") != null
                || request.getRequestURI().startsWith("/camunda/api/admin/auth/user/")
                        && request.getRequestURI().contains("/login/");
    }

    /**
     * The engine REST API answers 401 without a Camunda account's HTTP Basic credentials (the starter leaves it open),
     * also on {@code /engine}, the list of engines, which Camunda's filter leaves open to anyone.
     */
    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthentication() {
        FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter() {
                    @Override
                    protected boolean requiresEngineAuthentication(String requestUrl) {
                        return true;
                    }
                });
        registration.setName("camunda-engine-rest-authentication");
        registration.addInitParameter(
                ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
                HttpBasicAuthenticationProvider.class.getName());
        registration.addUrlPatterns("/engine-rest/*");
        return registration;
    }

    /** A URL the firewall refuses (encoded line breaks, "..", ";") is the caller's error: a 400 problem. */
    @Bean
    RequestRejectedHandler requestRejected() {
        return (request, response, e) -> ProblemWriter.write(
                response,
                HttpStatus.BAD_REQUEST,
                "rejected-request",
                "Request rejected",
                "The request URL contains characters or sequences that are not allowed");
    }

    /** Bodies on the API and the webhook are capped before security or parsing sees them. */
    @Bean
    FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimit(
            @Value("${certflow.http.max-request-size:64KB}") DataSize maxRequestSize) {
        FilterRegistrationBean<RequestSizeLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestSizeLimitFilter(maxRequestSize.toBytes()));
        registration.setName("certflow-request-size-limit");
        registration.addUrlPatterns("/api/*", "/webhooks/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Publishes failed logins (see {@link FailedLoginLog}); the chains' own managers would stay silent otherwise. */
    private static AuthenticationManager manager(
            UserDetailsService users, PasswordEncoder encoder, AuthenticationEventPublisher events) {
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
        provider.setPasswordEncoder(encoder);
        ProviderManager manager = new ProviderManager(provider);
        manager.setAuthenticationEventPublisher(events);
        return manager;
    }

    private static HttpSecurity stateless(HttpSecurity http) throws Exception {
        return http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
    }

    /** The page's own calls say X-Requested-With: they get no Basic challenge, so the browser shows no login prompt. */
    private static AuthenticationEntryPoint unauthorized(String realm) {
        return (request, response, e) -> {
            if (!PanelSecurity.isPageCall(request)) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"" + realm + "\"");
            }
            ProblemWriter.write(
                    response,
                    HttpStatus.UNAUTHORIZED,
                    "unauthorized",
                    "Authentication required",
                    "Valid HTTP Basic credentials are required");
        };
    }

    private static AccessDeniedHandler forbidden() {
        return (request, response, e) -> ProblemWriter.write(
                response, HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "This account may not use this resource");
    }
}
