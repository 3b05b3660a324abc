package org.pathways.hub.pipeline;

import org.pathways.hub.support.TestStore;

class ServerProfileFixturesTest extends ProfileFixturesContract {
  @Override
  TestStore store() {
    return TestStore.SERVER;
  }
}
