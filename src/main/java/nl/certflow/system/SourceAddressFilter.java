package nl.certflow.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/** Lets a CA push in only from the configured addresses/CIDRs ({@code allowed-ips}); empty allows any. */
class SourceAddressFilter extends OncePerRequestFilter {

    private final List<IpAddressMatcher> allowed;

    SourceAddressFilter(List<String> allowedIps) {
        this.allowed = allowedIps.stream().map(String::strip).filter(ip -> !ip.isEmpty()).map(IpAddressMatcher::new).toList();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (allowed.isEmpty() || allowed.stream().anyMatch(matcher -> matcher.matches(request.getRemoteAddr()))) {
            chain.doFilter(request, response);
            return;
        }
        ProblemWriter.write(response, HttpStatus.FORBIDDEN, "source-not-allowed", "Source address not allowed",
                "Pushes are accepted only from the CA's configured addresses");
    }
}
