package org.pathways.hub.pipeline;

import org.pathways.hub.support.TestStore;

class EmbeddedProfileFixturesTest extends ProfileFixturesContract {
  @Override
  protected TestStore store() {
    return TestStore.EMBEDDED;
  }
}
