package org.pathways.hub.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.State;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Each live table is a table of per-district partitions: a district's first load of a data set
 * makes its partition, and a store from before the partitions keeps every record across the
 * migration.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LivePartitionsTest {

  TestHub hub;

  @BeforeAll
  void start() throws Exception {
    hub = TestHub.start(TestStore.SERVER);
  }

  @AfterAll
  void stop() {
    hub.close();
  }

  @Test
  void aDistrictsFirstLoadMakesItsPartitionAndLaterLoadsUseIt() throws Exception {
    hub.addDistrict("part-a", State.TX, "standard");
    hub.addDistrict("part-b", State.TX, "standard");
    assertThat(partitionsOf("students")).doesNotContain("students_part-a", "students_part-b");

    hub.ingestOne("part-a", "students.txt", Sample.students(30));
    hub.ingestOne("part-b", "students.txt", Sample.students(20));
    assertThat(partitionsOf("students")).contains("students_part-a", "students_part-b");
    assertThat(rowsIn("students_part-a")).isEqualTo(30);
    assertThat(rowsIn("students_part-b")).isEqualTo(20);
    assertThat(hub.count("part-a", "students")).isEqualTo(30);
    // The planner knows the new partition's values at once, not only once autovacuum comes by.
    assertThat(
            hub.jdbc()
                .sql("select count(*) from pg_stats where tablename = 'students_part-a'")
                .query(Long.class)
                .single())
        .isPositive();

    // The next night leaves two students out: they are retired in the district's partition.
    hub.ingestOne("part-a", "students.txt", Sample.students(28));
    assertThat(
            hub.jdbc()
                .sql("select count(*) filter (where live) from \"students_part-a\"")
                .query(Long.class)
                .single())
        .isEqualTo(28);
    assertThat(rowsIn("students_part-b")).isEqualTo(20);
    assertThat(partitionsOf("grades")).doesNotContain("grades_part-a");
  }

  @Test
  void aPartOfADataSetMakesThePartitionWithItsScopeNextToTheKey() throws Exception {
    hub.addDistrict("part-g", State.TX, "standard");
    hub.ingestOne("part-g", "students.txt", Sample.students(3));
    hub.ingestOne("part-g", "course_crosswalk.txt", Sample.COURSES);
    hub.ingestOne(
        "part-g",
        "grades_history.txt",
        Sample.grades(
            "1001|2025|S1|ENG1|255901001|A|95|0.5|0.5|FINAL",
            "1002|2025|S1|ALG1|255901001|B|85|0.5|0.5|FINAL"));
    hub.ingestOne(
        "part-g",
        "grades_current.txt",
        Sample.grades("1001|2026|S1|BIO|255901001|A|91|0.5|0|IN_PROGRESS"));

    assertThat(partitionsOf("grades")).contains("grades_part-g");
    assertThat(rowsIn("grades_part-g")).isEqualTo(3);
    // Each part is a partition of the district's, so the current part's first load built its own
    // key instead of inserting into the history's.
    assertThat(partitionsOf("\"grades_part-g\""))
        .containsExactlyInAnyOrder("grades_part-g_final", "grades_part-g_in_progress");
    assertThat(rowsIn("grades_part-g_final")).isEqualTo(2);
    assertThat(rowsIn("grades_part-g_in_progress")).isEqualTo(1);
    // Reading one part's live keys then takes a row's first columns apart, not all of them.
    assertThat(
            hub.jdbc()
                .sql(
                    "select attname from pg_attribute where attrelid ="
                        + " '\"grades_part-g_final\"'::regclass"
                        + " and attnum > 0 and not attisdropped order by attnum limit 7")
                .query(String.class)
                .list())
        .containsExactly(
            "district",
            "rec_key",
            "rec_hash",
            "line_hash",
            "first_run",
            "last_run",
            "grade_status");
    for (String part : List.of("grades_part-g_final", "grades_part-g_in_progress")) {
      // Its key leads with the record's hash: building it or inserting into it compares hashes,
      // not the one district's name first. It names the part, as a partitioned table's key must.
      assertThat(
              hub.jdbc()
                  .sql(
                      "select pg_get_indexdef(indexrelid) || ' ' || array_to_string(c.reloptions,"
                          + " ',') from pg_index i join pg_class c on c.oid = i.indexrelid"
                          + " where i.indrelid = ?::regclass and i.indisunique")
                  .param('"' + part + '"')
                  .query(String.class)
                  .single())
          .as(part)
          // And its leaves keep room for the records of a later file, which then split no leaf.
          .contains("USING btree (rec_key, district, grade_status)")
          .endsWith("fillfactor=80");
      // Its pages keep room for a record's next version, which then needs no new key entry.
      assertThat(
              hub.jdbc()
                  .sql("select array_to_string(reloptions, ',') from pg_class where relname = ?")
                  .param(part)
                  .query(String.class)
                  .single())
          .as(part)
          .isEqualTo("fillfactor=90");
    }
    assertThat(
            hub.jdbc()
                .sql(
                    "select count(*) from grades where district = 'part-g'"
                        + " and grade_status = 'IN_PROGRESS'")
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void aPartitionKeepsItsDistrictsKeysUnique() throws Exception {
    hub.addDistrict("part-c", State.TX, "standard");
    hub.ingestOne("part-c", "students.txt", Sample.students(3));
    JdbcClient jdbc = hub.jdbc();
    assertThatThrownBy(
            () ->
                jdbc.sql(
                        "insert into students select * from students where district = 'part-c'"
                            + " limit 1")
                    .update())
        .hasMessageContaining("students_part-c_pkey");
    assertThatThrownBy(
            () ->
                jdbc.sql(
                        "insert into \"students_part-c\" select * from \"students_part-c\" limit 1")
                    .update())
        .hasMessageContaining("duplicate key");
  }

  @Test
  void recordsLiveBeforeThePartitionsMoveIntoTheirDistrictsPartition() throws Exception {
    TestStore.Prepared store = TestStore.SERVER.prepare();
    try {
      String url = "jdbc:postgresql://127.0.0.1:5432/" + store.database();
      Flyway.configure()
          .dataSource(url, "postgres", "")
          .locations("classpath:db/migration")
          .target("20")
          .load()
          .migrate();
      try (Connection c = DriverManager.getConnection(url, "postgres", "");
          Statement st = c.createStatement()) {
        for (String d : List.of("old-one", "old2")) {
          st.execute(
              "insert into district (code, name, state, profile_id, created_at)"
                  + " values ('"
                  + d
                  + "', 'Old', 'TX', 'standard', now())");
          st.execute(
              "insert into students (district, rec_key, rec_hash, live, first_run, last_run,"
                  + " student_id) select '"
                  + d
                  + "', gen_random_uuid(), gen_random_uuid(), n % 2 = 0, 1, 1, n::text"
                  + " from generate_series(1, "
                  + (d.equals("old2") ? 40 : 70)
                  + ") n");
        }
        st.execute(
            "insert into grades (district, rec_key, rec_hash, first_run, last_run, student_id,"
                + " grade_status) select 'old2', gen_random_uuid(), gen_random_uuid(), 1, 1,"
                + " n::text, 'FINAL'"
                + " from generate_series(1, 500) n");
      }
      Flyway.configure()
          .dataSource(url, "postgres", "")
          .locations("classpath:db/migration")
          .load()
          .migrate();
      try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
        JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(c, true));
        assertThat(count(jdbc, "select count(*) from \"students_old-one\"")).isEqualTo(70);
        assertThat(count(jdbc, "select count(*) from students_old2")).isEqualTo(40);
        assertThat(count(jdbc, "select count(*) from students_old2 where live")).isEqualTo(20);
        assertThat(count(jdbc, "select count(*) from grades_old2")).isEqualTo(500);
        assertThat(count(jdbc, "select count(*) from pg_stats where tablename = 'grades_old2'"))
            .isPositive();
        assertThat(count(jdbc, "select count(*) from students where district = 'old2'"))
            .isEqualTo(40);
        for (DataSet ds : DataSet.values()) {
          assertThat(
                  count(
                      jdbc,
                      "select count(*) from pg_partitioned_table where partrelid = '"
                          + ds.id()
                          + "'::regclass"))
              .as(ds.id())
              .isEqualTo(1);
        }
        assertThat(
                count(
                    jdbc,
                    "select count(*) from pg_indexes where indexname in"
                        + " ('students_student_id', 'course_crosswalk_course_id', 'grades_pkey')"))
            .isEqualTo(3);
        assertThat(
                count(jdbc, "select count(*) from pg_class where relname like '%unpartitioned%'"))
            .isZero();
      }
    } finally {
      store.drop();
    }
  }

  private static long count(JdbcClient jdbc, String sql) {
    return jdbc.sql(sql).query(Long.class).single();
  }

  private List<String> partitionsOf(String table) {
    return hub.jdbc()
        .sql(
            "select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid"
                + " where i.inhparent = ?::regclass order by 1")
        .param(table)
        .query(String.class)
        .list();
  }

  private long rowsIn(String partition) {
    return hub.jdbc().sql("select count(*) from \"" + partition + "\"").query(Long.class).single();
  }
}
