package org.pathways.hub.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import org.pathways.hub.access.ServiceTokens;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Three doors. The upload API under {@code /api/v1/districts/CODE/files} (and its runs) is for
 * scripts: no session, no cookie, no CSRF token; it checks a district's API key itself. The read
 * API, the rest of {@code /api/}, is for Pathways and other consumers: stateless too, opened only
 * by a service token scoped to districts. Everything else is the portal: a signed-in session (form
 * sign-in, CSRF on every change, a strict content security policy), and {@code /admin/} for
 * administrators only. Which district a person may see is decided page by page, where the district
 * is known: a district that is not theirs answers 404, as one that does not exist.
 *
 * <p>Actuator endpoints live on the portal's chain, so a disabled person's session ends there too.
 * {@code /actuator/health} answers anybody, a load balancer included, with UP or DOWN only; its
 * components and details, and {@code /actuator/prometheus}, are for signed-in engineers and
 * administrators. A Prometheus server cannot sign in through a form, so a node that is scraped
 * moves the actuator to its own port ({@code management.server.port}, bound with {@code
 * management.server.address=127.0.0.1}) where requests that reach it from this machine are let in
 * without signing in. That port is never the one a reverse proxy forwards, so nothing outside the
 * machine reaches it; a shared secret for the scraper would be one more secret to rotate, for
 * counts that hold no student data.
 */
@Configuration
@EnableWebSecurity
class SecurityConfiguration {

  /** The upload API's paths: {@code UploadApi} checks the district's API key itself. */
  @Bean
  @Order(1)
  SecurityFilterChain api(HttpSecurity http) throws Exception {
    http.securityMatcher("/api/v1/districts/*/files", "/api/v1/districts/*/runs/**")
        .authorizeHttpRequests(a -> a.anyRequest().permitAll())
        .csrf(c -> c.disable())
        .requestCache(c -> c.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
    return http.build();
  }

  /**
   * The read API: every other path under {@code /api/}, so a new endpoint is closed until a token
   * opens it. Only a service token opens it: not an upload key (a different prefix, which {@link
   * ServiceTokens} refuses) and not a portal session (the security context is never read from the
   * session here). Which districts the token reads is decided per request, where the district is
   * known. The OpenAPI document is public: it holds no data.
   */
  @Bean
  @Order(2)
  SecurityFilterChain readApiChain(HttpSecurity http, ServiceTokens tokens) throws Exception {
    http.securityMatcher("/api/**")
        .addFilterBefore(new ServiceTokenFilter(tokens), AnonymousAuthenticationFilter.class)
        .authorizeHttpRequests(
            a ->
                a.requestMatchers(HttpMethod.GET, "/api/v1/openapi.json")
                    .permitAll()
                    .anyRequest()
                    .hasRole(ServiceTokenFilter.ROLE))
        .securityContext(
            c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(SecurityConfiguration::tokenRequired)
                    .accessDeniedHandler(
                        (request, response, denied) -> tokenRequired(request, response, null)))
        .csrf(c -> c.disable())
        .requestCache(c -> c.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
    return http.build();
  }

  /** The read API's 401: what is wrong and how to get a token, in JSON, as RFC 6750 asks. */
  private static void tokenRequired(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException cause)
      throws IOException {
    boolean refused = request.getAttribute(ServiceTokenFilter.REFUSED) != null;
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    response.setHeader(
        HttpHeaders.WWW_AUTHENTICATE,
        refused ? "Bearer realm=\"hub\", error=\"invalid_token\"" : "Bearer realm=\"hub\"");
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    String message =
        refused
            ? "The service token is not valid: it may have been revoked or mistyped. Ask the hub's"
                + " engineers for a new one (token add --consumer NAME)."
            : "A service token is required: Authorization: Bearer pst_... (the hub's engineers"
                + " create one with token add --consumer NAME).";
    response.getWriter().write("{\"error\":\"" + message + "\"}");
  }

  /** The portal's signed-in sessions, so disabling a person ends theirs at once. */
  @Bean
  org.springframework.security.core.session.SessionRegistry sessionRegistry() {
    return new org.springframework.security.core.session.SessionRegistryImpl();
  }

  /** Tells the registry when a session ends, so it does not keep ended ones. */
  @Bean
  org.springframework.security.web.session.HttpSessionEventPublisher sessionEvents() {
    return new org.springframework.security.web.session.HttpSessionEventPublisher();
  }

  @Bean
  @Order(3)
  SecurityFilterChain portal(
      HttpSecurity http,
      org.springframework.security.core.session.SessionRegistry sessions,
      Environment environment)
      throws Exception {
    // PortalAuthentication, the only AuthenticationProvider bean, is the global one: naming it
    // here too would ask it twice on every failure and count each failure twice.
    http.authorizeHttpRequests(
            a ->
                a.requestMatchers("/sign-in", "/hub.css", "/js/**", "/error", "/favicon.ico")
                    .permitAll()
                    .requestMatchers(EndpointRequest.to(HealthEndpoint.class))
                    .permitAll()
                    .requestMatchers(fromThisMachineOnManagementPort(environment))
                    .permitAll()
                    .requestMatchers(EndpointRequest.toAnyEndpoint())
                    .hasAnyRole("ADMIN", "ENGINEER")
                    .requestMatchers("/admin/**")
                    .hasRole("ADMIN")
                    .anyRequest()
                    .authenticated())
        .formLogin(
            f ->
                f.loginPage("/sign-in")
                    .usernameParameter("email")
                    .passwordParameter("password")
                    .failureUrl("/sign-in?error")
                    .permitAll())
        .logout(l -> l.logoutUrl("/sign-out").logoutSuccessUrl("/sign-in?signed-out"))
        .sessionManagement(
            s -> s.maximumSessions(-1).sessionRegistry(sessions).expiredUrl("/sign-in?expired"))
        .headers(
            h ->
                h.contentSecurityPolicy(
                        c ->
                            c.policyDirectives(
                                "default-src 'self'; img-src 'self' data:; style-src 'self';"
                                    + " script-src 'self'; object-src 'none'; base-uri 'none';"
                                    + " form-action 'self'; frame-ancestors 'none'"))
                    .referrerPolicy(
                        r ->
                            r.policy(
                                org.springframework.security.web.header.writers
                                    .ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
    return http.build();
  }

  /**
   * A request that came in on the actuator's own port (when it has one) from this machine. The port
   * is read per request, since it is known only once the management server has started (and port 0
   * picks a free one).
   */
  static RequestMatcher fromThisMachineOnManagementPort(Environment environment) {
    return request -> {
      Integer management = environment.getProperty("local.management.port", Integer.class);
      Integer server = environment.getProperty("local.server.port", Integer.class);
      return management != null
          && !management.equals(server)
          && request.getLocalPort() == management
          && isLoopback(request.getRemoteAddr());
    };
  }

  private static boolean isLoopback(String address) {
    try {
      // An address as the container reports it, a literal: no name is looked up.
      return address != null && InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
