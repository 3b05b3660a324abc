package org.pathways.hub.pipeline;

import org.pathways.hub.support.TestStore;

class ServerProfileFixturesTest extends ProfileFixturesContract {
  @Override
  protected TestStore store() {
    return TestStore.SERVER;
  }
}
