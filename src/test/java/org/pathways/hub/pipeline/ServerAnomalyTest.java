package org.pathways.hub.pipeline;

import org.pathways.hub.support.TestStore;

class ServerAnomalyTest extends AnomalyContract {
  @Override
  protected TestStore store() {
    return TestStore.SERVER;
  }
}
