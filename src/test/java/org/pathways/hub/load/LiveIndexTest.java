package org.pathways.hub.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/** The in-memory index of live records, read from PostgreSQL by binary COPY. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveIndexTest {

  TestHub hub;
  DataSource ds;

  @BeforeAll
  void start() throws Exception {
    hub = TestHub.start(TestStore.SERVER);
    ds = hub.bean(DataSource.class);
  }

  @AfterAll
  void stop() {
    hub.close();
  }

  private static String uuid(long hi, long lo) {
    return new java.util.UUID(hi, lo).toString();
  }

  /**
   * A select of (rec_key, rec_hash, line_hash), as the live table gives them: key from r[0] and
   * r[1], value hash r[2], line hash r[3] where there is one and it is not 0, else null.
   */
  private static String select(List<long[]> records) {
    List<String> rows = new ArrayList<>();
    for (long[] r : records) {
      String line = r.length > 3 && r[3] != 0 ? "'" + r[3] + "'" : "null";
      rows.add(
          "('"
              + uuid(r[0], r[1])
              + "'::uuid, '"
              + uuid(r[2], 0x1234L)
              + "'::uuid, "
              + line
              + "::bigint)");
    }
    return "select * from (values " + String.join(", ", rows) + ") v(k, h, l)";
  }

  /** The slot of the record a line with this hash made, looked up as a batch of one. */
  private static int findLine(LiveIndex index, long lineHash) {
    int[] record = new int[1];
    index.findLines(new long[] {lineHash}, 1, record);
    return record[0];
  }

  private Optional<LiveIndex> read(List<long[]> records) throws Exception {
    try (Connection c = ds.getConnection()) {
      return LiveIndex.read(c, select(records), 1, 1_000_000);
    }
  }

  @Test
  void findsEachRecordByKeyWhateverItsSignAndGrowsPastItsExpectedSize() throws Exception {
    List<long[]> records = new ArrayList<>();
    java.util.Random random = new java.util.Random(3);
    for (int i = 0; i < 3000; i++) {
      records.add(new long[] {random.nextLong(), random.nextLong(), random.nextLong()});
    }
    records.add(new long[] {-1L, -1L, 7L});
    records.add(new long[] {0L, 0L, 8L});
    records.add(new long[] {Long.MIN_VALUE, 5L, 9L});

    LiveIndex index = read(records).orElseThrow();

    assertThat(index.size()).isEqualTo(records.size());
    for (long[] r : records) {
      int slot = index.find(r[0], (int) (r[1] >>> 32));
      assertThat(slot).isNotNegative();
      assertThat(index.hash(slot)).isEqualTo(r[2]);
    }
    assertThat(index.find(records.get(0)[0] ^ 1, 0)).as("an unknown key").isEqualTo(-1);
    long[] first = records.get(0);
    assertThat(index.find(first[0], (int) (first[1] >>> 32) ^ 1))
        .as("same 64 bits, another tail: a different record")
        .isEqualTo(-1);
  }

  @Test
  void findsARecordByTheHashOfTheLineItWasLoadedFrom() throws Exception {
    List<long[]> records = new ArrayList<>();
    java.util.Random random = new java.util.Random(11);
    for (int i = 0; i < 2000; i++) {
      long line = i % 10 == 0 ? 0 : random.nextLong();
      records.add(new long[] {random.nextLong(), random.nextLong(), random.nextLong(), line});
    }
    records.add(new long[] {1L, 0L, 1L, Long.MIN_VALUE});
    records.add(new long[] {2L, 0L, 2L, -1L});
    records.add(new long[] {3L, 0L, 3L, 1L});
    // Two records with one line hash: a collision, by which neither may be recognised.
    records.add(new long[] {4L, 0L, 4L, 77L});
    records.add(new long[] {5L, 0L, 5L, 77L});

    LiveIndex index = read(records).orElseThrow();

    assertThat(index.hasLines()).isTrue();
    for (long[] r : records) {
      if (r[3] == 0 || r[3] == 77L) {
        continue;
      }
      assertThat(findLine(index, r[3]))
          .as("the record of line hash %d", r[3])
          .isEqualTo(index.find(r[0], (int) (r[1] >>> 32)));
    }
    assertThat(findLine(index, 77L)).as("a hash two records share").isEqualTo(-1);
    assertThat(findLine(index, 12345L)).as("a line no record was loaded from").isEqualTo(-1);
  }

  @Test
  void anIndexLargeEnoughToBeSortedOnTwoThreadsFindsEveryRecordAndLine() throws Exception {
    // 1.2 M records made by the server: keys, value and line hashes from md5 of the row number.
    int n = 1_200_000;
    String select =
        "select md5(i::text)::uuid, md5('v' || i)::uuid,"
            + " ('x' || substr(md5('l' || i), 1, 16))::bit(64)::bigint"
            + " from generate_series(1, "
            + n
            + ") i";
    LiveIndex index;
    try (Connection c = ds.getConnection()) {
      index = LiveIndex.read(c, select, 1000, 2 * n).orElseThrow();
    }
    assertThat(index.size()).isEqualTo(n);
    List<long[]> expected = new ArrayList<>();
    try (Connection c = ds.getConnection()) {
      UuidCopy.read(
          c, select + " where i % 1000 = 1 or i > " + (n - 5), 3, row -> expected.add(row.clone()));
    }
    assertThat(expected).hasSizeGreaterThan(1200);
    for (long[] r : expected) {
      int slot = index.find(r[0], (int) (r[1] >>> 32));
      assertThat(slot).isNotNegative();
      assertThat(index.hash(slot)).isEqualTo(r[2]);
      assertThat(findLine(index, r[4])).isEqualTo(slot);
    }
    // Sorted whole: the keys no row named come out in unsigned order.
    long[] unseen = index.unseenKeys();
    assertThat(unseen).hasSize(n);
    for (int i = 1; i < unseen.length; i++) {
      assertThat(Long.compareUnsigned(unseen[i - 1], unseen[i])).isNegative();
    }
  }

  @Test
  void hasNoLinesWhenNoRecordKeepsOne() throws Exception {
    LiveIndex index = read(List.of(new long[] {10, 0, 1}, new long[] {20, 0, 2, 0})).orElseThrow();

    assertThat(index.hasLines()).isFalse();
    assertThat(findLine(index, 0L)).isEqualTo(-1);
    assertThat(findLine(index, 1L)).isEqualTo(-1);
  }

  @Test
  void remembersTheFirstLineThatNamedARecordAndWhichWereNeverNamed() throws Exception {
    List<long[]> records =
        List.of(new long[] {10, 0, 1}, new long[] {20, 0, 2}, new long[] {30, 0, 3});
    LiveIndex index = read(records).orElseThrow();

    assertThat(index.see(index.find(20, 0), 7)).isZero();
    assertThat(index.see(index.find(20, 0), 9)).as("named again").isEqualTo(7);
    List<Long> unseen = new ArrayList<>();
    for (long key : index.unseenKeys()) {
      unseen.add(key);
    }

    assertThat(unseen).containsExactly(10L, 30L);
    assertThat(index.unseen()).isEqualTo(2);
  }

  @Test
  void isNotBuiltWhenTheRecordsAreMoreThanItMayHold() throws Exception {
    List<long[]> records =
        List.of(new long[] {1, 0, 1}, new long[] {2, 0, 2}, new long[] {3, 0, 3});
    try (Connection c = ds.getConnection()) {
      assertThat(LiveIndex.read(c, select(records), 1, 2)).isEmpty();
      assertThat(LiveIndex.read(c, select(records), 1, 3)).isPresent();
    }
  }

  @Test
  void isNotBuiltWhenTwoKeysShareTheirFirst64Bits() throws Exception {
    List<long[]> records =
        List.of(new long[] {42, 1, 1}, new long[] {43, 0, 2}, new long[] {42, 2, 3});

    assertThat(read(records)).isEmpty();
  }

  @Test
  void writesKeyRangesThatCoverEveryUuidWithThePrefix() {
    assertThat(uuid(0x0123456789abcdefL, 0L)).isEqualTo("01234567-89ab-cdef-0000-000000000000");
    assertThat(uuid(0x0123456789abcdefL, -1L)).isEqualTo("01234567-89ab-cdef-ffff-ffffffffffff");
  }
}
