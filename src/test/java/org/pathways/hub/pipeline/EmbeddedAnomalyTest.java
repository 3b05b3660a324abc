package org.pathways.hub.pipeline;

import org.pathways.hub.support.TestStore;

class EmbeddedAnomalyTest extends AnomalyContract {
  @Override
  protected TestStore store() {
    return TestStore.EMBEDDED;
  }
}
