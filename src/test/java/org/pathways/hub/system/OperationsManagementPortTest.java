package org.pathways.hub.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathways.hub.support.PortalClient;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;
import org.springframework.core.env.Environment;

/**
 * A node scraped by Prometheus: the actuator on its own port on the loopback address, where the
 * metrics need no sign-in, and gone from the portal's port.
 */
class OperationsManagementPortTest {

  static TestHub hub;

  @BeforeAll
  static void start() throws Exception {
    hub =
        TestHub.startWeb(
            TestStore.SERVER,
            "--server.port=0",
            "--management.server.port=0",
            "--management.server.address=127.0.0.1");
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  void prometheusScrapesTheManagementPortFromThisMachineWithoutSigningIn() throws Exception {
    int port = hub.bean(Environment.class).getProperty("local.management.port", Integer.class);
    assertThat(port).isNotEqualTo(hub.webPort());
    PortalClient scraper = new PortalClient(port);
    var metrics = scraper.get("/actuator/prometheus");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("hub_night_datasets{state=\"MISSING\"}");
    assertThat(scraper.get("/actuator/health").body())
        .as("health details stay for signed-in staff")
        .doesNotContain("components");

    PortalClient portal = new PortalClient(hub.webPort());
    assertThat(portal.get("/actuator/prometheus").statusCode())
        .as("not on the portal's port, where it would ask to sign in")
        .isEqualTo(302);
  }
}
