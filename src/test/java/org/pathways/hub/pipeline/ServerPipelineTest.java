package org.pathways.hub.pipeline;

import org.pathways.hub.support.TestStore;

class ServerPipelineTest extends PipelineContract {
  @Override
  protected TestStore store() {
    return TestStore.SERVER;
  }
}
