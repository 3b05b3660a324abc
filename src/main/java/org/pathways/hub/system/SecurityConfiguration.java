package org.pathways.hub.system;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Two doors. The upload API under {@code /api/} is for scripts: no session, no cookie, no CSRF
 * token; it checks a district's API key itself. Everything else is the portal: a signed-in session
 * (form sign-in, CSRF on every change, a strict content security policy), and {@code /admin/} for
 * administrators only. Which district a person may see is decided page by page, where the district
 * is known: a district that is not theirs answers 404, as one that does not exist.
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
      HttpSecurity http, org.springframework.security.core.session.SessionRegistry sessions)
      throws Exception {
    // PortalAuthentication, the only AuthenticationProvider bean, is the global one: naming it
    // here too would ask it twice on every failure and count each failure twice.
    http.authorizeHttpRequests(
            a ->
                a.requestMatchers("/sign-in", "/hub.css", "/js/**", "/error", "/favicon.ico")
                    .permitAll()
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
}
