package org.pathways.hub.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A suite that runs once per store: a subclass names the store, and gets one running hub on a fresh
 * copy of it for all its tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StoreContract {

  protected TestHub hub;

  protected abstract TestStore store();

  /** Extra Spring arguments for this suite's hub. */
  protected String[] hubArgs() {
    return new String[0];
  }

  @BeforeAll
  void startHub() throws Exception {
    hub = TestHub.start(store(), hubArgs());
  }

  @AfterAll
  void stopHub() {
    if (hub != null) {
      hub.close();
    }
  }
}
