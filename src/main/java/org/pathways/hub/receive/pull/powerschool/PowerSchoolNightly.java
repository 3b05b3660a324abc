package org.pathways.hub.receive.pull.powerschool;

import java.util.List;
import org.pathways.hub.profile.Profile;
import org.pathways.hub.receive.pull.PullSource;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * PowerSchool as a source of the nightly pulls: the districts with a PowerSchool connection whose
 * profile is a PowerSchool one, pulled query by query with {@link PowerSchoolPull}.
 */
@Component
@Order(1)
public class PowerSchoolNightly implements PullSource {

  private final PowerSchoolConnections connections;
  private final PowerSchoolPull pull;

  public PowerSchoolNightly(PowerSchoolConnections connections, PowerSchoolPull pull) {
    this.connections = connections;
    this.pull = pull;
  }

  @Override
  public String name() {
    return "powerschool";
  }

  @Override
  public List<String> connected() {
    return connections.districts();
  }

  @Override
  public boolean serves(Profile profile) {
    return PullSource.powerSchoolProfile(profile);
  }

  @Override
  public Outcome pull(String district, String actor) throws InterruptedException {
    PowerSchoolPull.PullReport report = pull.pull(district, actor, null);
    return new Outcome(report.loaded(), report.summary());
  }
}
