package org.pathways.hub.system;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Two doors. The upload API under {@code /api/} is for scripts: no session, no cookie, no CSRF
 * token; it checks a district's API key itself. Everything else is the portal: a signed-in session
 * (form sign-in, CSRF on every change, a strict content security policy), and {@code /admin/} for
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

  @Bean
  @Order(1)
  SecurityFilterChain api(HttpSecurity http) throws Exception {
    http.securityMatcher("/api/**")
        .authorizeHttpRequests(a -> a.anyRequest().permitAll())
        .csrf(c -> c.disable())
        .requestCache(c -> c.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
    return http.build();
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
  @Order(2)
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
