package org.pathways.hub.pipeline;

import org.pathways.hub.support.TestStore;

class EmbeddedRetentionTest extends RetentionContract {
  @Override
  protected TestStore store() {
    return TestStore.EMBEDDED;
  }
}
