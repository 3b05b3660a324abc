package org.pathways.hub.pipeline;

import org.pathways.hub.support.TestStore;

class EmbeddedDeltaLoadTest extends DeltaLoadContract {
  @Override
  protected TestStore store() {
    return TestStore.EMBEDDED;
  }
}
