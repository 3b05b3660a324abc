package org.pathways.hub.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.Field;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/** The live tables the migrations create are exactly the canonical data sets of {@link DataSet}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemaTest {

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
  void everyDataSetTableHasItsFieldsWithTheirTypesAndNothingElse() {
    for (DataSet ds : DataSet.values()) {
      Map<String, String> actual = new LinkedHashMap<>();
      hub.jdbc()
          .sql(
              "select column_name, data_type from information_schema.columns"
                  + " where table_schema = 'public' and table_name = ? order by ordinal_position")
          .param(ds.id())
          .query((rs, i) -> actual.put(rs.getString(1), rs.getString(2)))
          .list();
      Map<String, String> expected = new LinkedHashMap<>();
      expected.put("district", "text");
      expected.put("rec_key", "uuid");
      expected.put("rec_hash", "uuid");
      if (ds.deactivates()) {
        expected.put("live", "boolean");
      }
      expected.put("first_run", "bigint");
      expected.put("last_run", "bigint");
      for (Field f : ds.fields()) {
        expected.put(f.name(), f.type().sqlType());
      }
      // Added by V24 to the parent of the partitions, so last; each partition has it after
      // rec_hash.
      expected.put("line_hash", "bigint");
      assertThat(actual).as(ds.id()).containsExactlyEntriesOf(expected);
    }
  }
}
