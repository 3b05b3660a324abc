package org.pathways.hub.pipeline;

import org.pathways.hub.support.TestStore;

class ServerDeltaLoadTest extends DeltaLoadContract {
  @Override
  protected TestStore store() {
    return TestStore.SERVER;
  }
}
