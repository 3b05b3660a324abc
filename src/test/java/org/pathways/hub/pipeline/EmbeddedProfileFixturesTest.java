package org.pathways.hub.pipeline;

import org.pathways.hub.support.TestStore;

class EmbeddedProfileFixturesTest extends ProfileFixturesContract {
  @Override
  TestStore store() {
    return TestStore.EMBEDDED;
  }
}
