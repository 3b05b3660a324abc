package org.pathways.hub.receive.pull.oneroster;

import java.io.IOException;
import java.util.List;
import org.pathways.hub.profile.Profile;
import org.pathways.hub.receive.pull.PullSource;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * OneRoster as a source of the nightly pulls: the districts with a OneRoster connection whose
 * profile is not a PowerSchool one, pulled with {@link OneRosterPull}.
 */
@Component
@Order(2)
public class OneRosterNightly implements PullSource {

  private final OneRosterConnections connections;
  private final OneRosterPull pull;

  public OneRosterNightly(OneRosterConnections connections, OneRosterPull pull) {
    this.connections = connections;
    this.pull = pull;
  }

  @Override
  public String name() {
    return "oneroster";
  }

  @Override
  public List<String> connected() {
    return connections.districts();
  }

  /** Any profile but a PowerSchool one: a PowerSchool district is pulled through its plugin. */
  @Override
  public boolean serves(Profile profile) {
    return !PullSource.powerSchoolProfile(profile);
  }

  @Override
  public Outcome pull(String district, String actor) throws InterruptedException {
    try {
      OneRosterPull.Result result = pull.pull(district, actor);
      return new Outcome(
          result.loaded(),
          result.dataSets().stream()
              .map(
                  r ->
                      r.dataSet()
                          + " "
                          + r.rowsConverted()
                          + " rows "
                          + (r.run() == null ? "not run" : r.run().status().name()))
              .reduce((a, b) -> a + "; " + b)
              .orElse("nothing pulled"));
    } catch (IOException e) {
      if (Thread.interrupted()) {
        // The node is stopping; the scheduler's task expects to hear so.
        throw new InterruptedException("The OneRoster pull of " + district + " was interrupted");
      }
      // The pull recorded each data set as failed, and the outcome on the connection.
      return new Outcome(false, e.getMessage());
    }
  }
}
