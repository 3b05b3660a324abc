package org.pathways.hub.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pathways.hub.district.FieldType;
import org.pathways.hub.support.TestStore;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Values written in COPY's binary form are the values PostgreSQL makes of the same text: each is
 * loaded both ways on the server and read back as text, so a numeric keeps its digits and scale, a
 * date its day, text its characters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BinaryRowsTest {

  Connection conn;

  @BeforeAll
  void connect() throws SQLException {
    conn = DriverManager.getConnection(TestStore.SERVER_ADMIN_URL, "postgres", "");
  }

  @AfterAll
  void close() throws SQLException {
    conn.close();
  }

  @Test
  void decimalsKeepTheirDigitsAndScaleAsTheDatabaseReadsThemFromText() throws Exception {
    List<String> values =
        List.of(
            "0",
            "0.0",
            "0.50",
            "1",
            "87",
            "100",
            "9999",
            "10000",
            "10001",
            "12345.6789",
            "0.0001",
            "0.00001",
            "3.875",
            "4.00000",
            "123456789012345678901234567890.123456789",
            "-1.5",
            "-0.000",
            "007.50",
            "5.",
            "+4.25",
            "99999999",
            "100000000",
            "1E+3",
            "2.5e-3");
    assertThat(binary("numeric", FieldType.DECIMAL, values))
        .containsExactlyElementsOf(text("numeric", values));
  }

  @Test
  void datesIntegersAndFlagsAreTheDatabasesOwnReadings() throws Exception {
    List<String> dates =
        List.of("2026-11-30", "2000-01-01", "1999-12-31", "1900-01-01", "2100-12-31", "2024-02-29");
    assertThat(binary("date", FieldType.DATE, dates))
        .containsExactlyElementsOf(text("date", dates));
    List<String> ints = List.of("0", "2027", "-5", " 42 ", "2147483647", "-2147483648");
    assertThat(binary("integer", FieldType.SCHOOL_YEAR, ints))
        .containsExactlyElementsOf(text("integer", ints));
    List<String> flags = List.of("t", "f", "Y", "N", "yes", "no", "true", "FALSE", "1", "0", "on");
    assertThat(binary("boolean", FieldType.FLAG, flags))
        .containsExactlyElementsOf(text("boolean", flags));
  }

  @Test
  void textIsSentAsUtf8WithoutTheNulItCannotHold() throws Exception {
    List<String> values =
        Arrays.asList(
            "plain",
            "Zoë Núñez-García",
            "東京都",
            "emoji \uD83D\uDE00 here",
            "tab\tand\nnewline\r",
            "back\\slash",
            "",
            null);
    assertThat(binary("text", FieldType.TEXT, values))
        .containsExactlyElementsOf(text("text", values));
    assertThat(binary("text", FieldType.ID, List.of("a\0b", "lone \uD800 surrogate")))
        .containsExactly("ab", "lone ? surrogate");
    // Longer than the writer's buffer, which grows for it.
    String longText = "Ñandú ".repeat(30_000);
    assertThat(binary("text", FieldType.TEXT, List.of(longText))).containsExactly(longText);
  }

  @Test
  void aValueItsTypeCannotHoldNamesItsLineAndColumnButNotTheValue() {
    for (var bad :
        List.of(
            List.of(FieldType.DECIMAL, "twelve"),
            List.of(FieldType.DATE, "2026-02-30"),
            List.of(FieldType.INTEGER, "3.5"),
            List.of(FieldType.FLAG, "maybe"))) {
      FieldType type = (FieldType) bad.get(0);
      String value = (String) bad.get(1);
      assertThatThrownBy(
              () -> {
                BinaryRows rows = new BinaryRows(OutputStream.nullOutputStream());
                rows.row(1, 7);
                rows.value(type, value, "credits_earned");
              })
          .as(type + " " + value)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Line 7")
          .hasMessageContaining("credits_earned")
          .hasMessageNotContaining(value);
    }
  }

  /** The values loaded by binary COPY into a column of {@code sqlType}, read back as text. */
  private List<String> binary(String sqlType, FieldType type, List<String> values)
      throws SQLException, IOException {
    try (Statement st = conn.createStatement()) {
      st.execute("drop table if exists binary_rows");
      st.execute("create temp table binary_rows (k bigint, v " + sqlType + ")");
    }
    try (PGCopyOutputStream out =
        new PGCopyOutputStream(
            conn.unwrap(PGConnection.class),
            "copy binary_rows (k, v) from stdin (format binary)",
            1 << 16)) {
      BinaryRows rows = new BinaryRows(out);
      for (int i = 0; i < values.size(); i++) {
        rows.row(2, i + 1);
        rows.int8(i);
        rows.value(type, values.get(i), "v");
      }
      rows.finish();
    }
    List<String> read = new ArrayList<>();
    try (Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("select v::text from binary_rows order by k")) {
      while (rs.next()) {
        read.add(rs.getString(1));
      }
    }
    assertThat(read).hasSameSizeAs(values);
    return read;
  }

  /** What the database makes of each value as text of {@code sqlType}, read back as text. */
  private List<String> text(String sqlType, List<String> values) throws SQLException {
    List<String> read = new ArrayList<>();
    try (PreparedStatement ps = conn.prepareStatement("select (?::" + sqlType + ")::text")) {
      for (String v : values) {
        ps.setString(1, v);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          read.add(rs.getString(1));
        }
      }
    }
    return read;
  }
}
