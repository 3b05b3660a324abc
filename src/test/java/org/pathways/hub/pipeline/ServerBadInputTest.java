package org.pathways.hub.pipeline;

import org.pathways.hub.support.TestStore;

class ServerBadInputTest extends BadInputContract {
  @Override
  protected TestStore store() {
    return TestStore.SERVER;
  }
}
