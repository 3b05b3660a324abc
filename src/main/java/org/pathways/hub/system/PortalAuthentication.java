package org.pathways.hub.system;

import java.util.List;
import java.util.Optional;
import org.pathways.hub.access.PortalUser;
import org.pathways.hub.access.PortalUsers;
import org.pathways.hub.access.Secrets;
import org.pathways.hub.access.Viewer;
import org.pathways.hub.audit.AuditLog;
import org.pathways.hub.receive.LoginGuard;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Checks a portal sign-in against the stored bcrypt hash. Repeated failures lock out the address
 * and the account as they do for SFTP; every outcome is audited, the password never.
 */
@Component
class PortalAuthentication implements AuthenticationProvider {

  /** The same answer whatever went wrong, so nobody learns which emails exist. */
  static final String REFUSED = "The email or password is not right, or the account is locked";

  private final PortalUsers users;
  private final LoginGuard guard;
  private final AuditLog audit;
  private final String decoyHash;

  PortalAuthentication(PortalUsers users, LoginGuard guard, AuditLog audit) {
    this.users = users;
    this.guard = guard;
    this.audit = audit;
    this.decoyHash = users.encoder().encode(Secrets.random(20));
  }

  @Override
  public Authentication authenticate(Authentication auth) {
    String email = auth.getName() == null ? "" : auth.getName().trim();
    String password = auth.getCredentials() == null ? "" : auth.getCredentials().toString();
    String remote =
        auth.getDetails() instanceof WebAuthenticationDetails d ? d.getRemoteAddress() : null;
    String key;
    try {
      key = PortalUsers.normalize(email);
    } catch (IllegalArgumentException e) {
      key = email;
    }
    if (guard.locked(String.valueOf(remote), "portal:" + key)) {
      audit.record(key, "portal.sign-in", null, key, remote, "locked", null);
      throw new BadCredentialsException(REFUSED);
    }
    Optional<String> hash = key.contains("@") ? users.passwordHash(key) : Optional.empty();
    // An unknown account costs as much time as a known one.
    boolean ok = users.encoder().matches(password, hash.orElse(decoyHash)) && hash.isPresent();
    Optional<PortalUser> user = ok ? users.find(key) : Optional.empty();
    if (user.isEmpty() || user.get().disabled()) {
      String locked = guard.failed(String.valueOf(remote), "portal:" + key);
      audit.record(
          key,
          "portal.sign-in",
          null,
          key,
          remote,
          "refused",
          locked == null ? null : "locked " + locked);
      throw new BadCredentialsException(REFUSED);
    }
    guard.succeeded("portal:" + key);
    users.markSignIn(key);
    Viewer viewer = user.get().viewer();
    audit.record(key, "portal.sign-in", viewer.district(), key, remote, "ok", null);
    return UsernamePasswordAuthenticationToken.authenticated(
        viewer, null, List.of(new SimpleGrantedAuthority("ROLE_" + viewer.role().name())));
  }

  @Override
  public boolean supports(Class<?> type) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(type);
  }
}
