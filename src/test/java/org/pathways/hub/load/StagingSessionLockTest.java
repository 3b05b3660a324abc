package org.pathways.hub.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.State;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/** Loads of one data set for one district never interleave; other loads are not held up. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StagingSessionLockTest {

  TestHub hub;
  DataSource ds;

  @BeforeAll
  void start() throws Exception {
    hub = TestHub.start(TestStore.SERVER);
    hub.addDistrict("lock-a", State.TX, "standard");
    hub.addDistrict("lock-b", State.TX, "standard");
    ds = hub.bean(DataSource.class);
  }

  @AfterAll
  void stop() {
    hub.close();
  }

  @Test
  void aSecondLoadOfTheSameDataSetWaitsForTheFirstToEnd() throws Exception {
    try (Connection first = ds.getConnection()) {
      first.setAutoCommit(false);
      StagingSession held = new StagingSession(first, DataSet.GRADES, "lock-a");
      assertThat(opensWithin("lock-b", DataSet.GRADES, Duration.ofSeconds(10)))
          .as("another district's grades")
          .isTrue();
      assertThat(opensWithin("lock-a", DataSet.GPA, Duration.ofSeconds(10)))
          .as("the same district's GPA")
          .isTrue();
      CompletableFuture<Boolean> second =
          CompletableFuture.supplyAsync(
              () -> opensWithin("lock-a", DataSet.GRADES, Duration.ofSeconds(30)));
      awaitWaiters(1);
      assertThat(second).isNotDone();
      held.close();
      first.rollback();
      assertThat(second.get(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  private boolean opensWithin(String district, DataSet set, Duration limit) {
    long start = System.nanoTime();
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      new StagingSession(c, set, district).close();
      c.rollback();
      return System.nanoTime() - start < limit.toNanos();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void awaitWaiters(int n) throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      Long waiting =
          hub.jdbc()
              .sql(
                  "select count(*) from pg_locks where locktype = 'advisory' and not granted"
                      + " and database = (select oid from pg_database where datname = current_database())")
              .query(Long.class)
              .single();
      if (waiting >= n) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no load waited for the lock");
  }
}
