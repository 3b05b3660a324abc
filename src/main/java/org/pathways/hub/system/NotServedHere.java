package org.pathways.hub.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.pathways.hub.pipeline.NodeRoles;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * On a node without the {@code web} role, the portal and the APIs answer 404 with a line saying so:
 * a load balancer sends people to the web nodes, and one that points at a worker by mistake learns
 * why at once. Health stays on the management port, which this filter does not see.
 */
@Configuration
@ConditionalOnWebApplication
class NotServedHere {

  @Bean
  FilterRegistrationBean<OncePerRequestFilter> notServedHereFilter(Environment env) {
    NodeRoles roles = NodeRoles.of(env);
    OncePerRequestFilter filter =
        new OncePerRequestFilter() {
          @Override
          protected void doFilterInternal(
              HttpServletRequest request, HttpServletResponse response, FilterChain chain)
              throws ServletException, IOException {
            if (roles.has(NodeRoles.Role.WEB) || request.getRequestURI().startsWith("/actuator")) {
              chain.doFilter(request, response);
              return;
            }
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            response.setContentType("text/plain;charset=UTF-8");
            response
                .getOutputStream()
                .write(
                    ("This hub node does not serve the portal or the APIs (hub.roles="
                            + roles
                            + "); use a web node.\n")
                        .getBytes(StandardCharsets.UTF_8));
          }
        };
    FilterRegistrationBean<OncePerRequestFilter> bean = new FilterRegistrationBean<>(filter);
    bean.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return bean;
  }
}
