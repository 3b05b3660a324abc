package org.pathways.hub.pipeline;

import org.pathways.hub.support.TestStore;

class EmbeddedPipelineTest extends PipelineContract {
  @Override
  protected TestStore store() {
    return TestStore.EMBEDDED;
  }
}
