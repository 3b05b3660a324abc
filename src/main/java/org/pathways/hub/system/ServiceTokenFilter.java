package org.pathways.hub.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.pathways.hub.access.ServiceTokens;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads {@code Authorization: Bearer pst_...} on the read API and, when it is an active service
 * token, makes the token the request's principal with the role SERVICE. Anything else leaves the
 * request anonymous, and the chain answers 401. Not a bean, so the servlet container does not run
 * it on every request as well.
 */
final class ServiceTokenFilter extends OncePerRequestFilter {

  static final String ROLE = "SERVICE";

  /** Set on a request whose bearer value was refused, so the 401 can say the token is invalid. */
  static final String REFUSED = ServiceTokenFilter.class.getName() + ".refused";

  private static final String BEARER = "bearer ";

  private final ServiceTokens tokens;

  ServiceTokenFilter(ServiceTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header != null && header.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
      String presented = header.substring(BEARER.length()).strip();
      var token = tokens.authenticate(presented);
      if (token.isPresent()) {
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(
            UsernamePasswordAuthenticationToken.authenticated(
                token.get(), null, List.of(new SimpleGrantedAuthority("ROLE_" + ROLE))));
        SecurityContextHolder.setContext(context);
      } else {
        request.setAttribute(REFUSED, Boolean.TRUE);
      }
    }
    chain.doFilter(request, response);
  }
}
