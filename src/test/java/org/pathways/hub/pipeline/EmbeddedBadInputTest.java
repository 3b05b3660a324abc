package org.pathways.hub.pipeline;

import org.pathways.hub.support.TestStore;

class EmbeddedBadInputTest extends BadInputContract {
  @Override
  protected TestStore store() {
    return TestStore.EMBEDDED;
  }
}
