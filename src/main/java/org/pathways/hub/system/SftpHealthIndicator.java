package org.pathways.hub.system;

import java.net.SocketAddress;
import java.util.Set;
import org.pathways.hub.pipeline.NodeRoles;
import org.pathways.hub.pipeline.OnNodeRole;
import org.pathways.hub.receive.SftpService;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The SFTP listener's health ({@code sftp}), on a node that runs it (the same condition as {@link
 * SftpService}): up while the server holds its listening socket. It does not connect, since a
 * connection without a sign-in would look like a failed sign-in to the lockout and the log.
 */
@Component
@ConditionalOnProperty(name = "sftp.enabled", havingValue = "true", matchIfMissing = true)
@OnNodeRole(NodeRoles.Role.SFTP)
class SftpHealthIndicator implements HealthIndicator {

  private final SftpService sftp;

  SftpHealthIndicator(SftpService sftp) {
    this.sftp = sftp;
  }

  @Override
  public Health health() {
    Set<SocketAddress> bound = sftp.listeningOn();
    if (bound.isEmpty()) {
      return Health.down().withDetail("error", "the SFTP server is not listening").build();
    }
    return Health.up()
        .withDetail("listening", bound.stream().map(SocketAddress::toString).sorted().toList())
        .build();
  }
}
