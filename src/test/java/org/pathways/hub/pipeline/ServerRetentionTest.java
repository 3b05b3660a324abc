package org.pathways.hub.pipeline;

import org.pathways.hub.support.TestStore;

class ServerRetentionTest extends RetentionContract {
  @Override
  protected TestStore store() {
    return TestStore.SERVER;
  }
}
