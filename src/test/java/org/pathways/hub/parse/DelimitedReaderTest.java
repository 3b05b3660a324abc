package org.pathways.hub.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DelimitedReaderTest {

  private static List<RawRecord> read(String text, char delimiter, int max) {
    DelimitedReader r = new DelimitedReader(new StringReader(text), delimiter, max);
    List<RawRecord> out = new ArrayList<>();
    for (RawRecord rec = r.next(); rec != null; rec = r.next()) {
      out.add(rec);
    }
    return out;
  }

  private static List<RawRecord> read(String text) {
    return read(text, '|', 1 << 20);
  }

  /** A reader that hands out at most {@code chunk} chars a read, as a slow stream may. */
  private static java.io.Reader chunked(String text, int chunk) {
    return new java.io.FilterReader(new StringReader(text)) {
      @Override
      public int read(char[] cbuf, int off, int len) throws java.io.IOException {
        return super.read(cbuf, off, Math.min(len, chunk));
      }
    };
  }

  @Test
  void recordsReadTheSameWhereverTheReadsOfTheStreamEnd() {
    String text =
        "id|name|note\r\n"
            + "001| Ana |plain\r\n"
            + "\r\n"
            + "  \n"
            + "002|\"Bo|b\"|\"two\nlines\"\n"
            + "003|  \"padded quote\"|5'10\" tall\n"
            + "004|\"\"|\"\"\"x\"\"\"\n"
            + "005|\u2003|\t\n"
            + "006||\n"
            + "007|last|no line end";
    List<RawRecord> whole = read(text);
    assertThat(whole).hasSize(8);
    for (int chunk = 1; chunk <= 12; chunk++) {
      DelimitedReader r = new DelimitedReader(chunked(text, chunk), '|', 1 << 20);
      List<RawRecord> out = new ArrayList<>();
      for (RawRecord rec = r.next(); rec != null; rec = r.next()) {
        out.add(rec);
      }
      assertThat(out).as("reads of %d chars", chunk).isEqualTo(whole);
    }
    assertThat(whole.get(1).fields()).containsExactly("001", " Ana ", "plain");
    assertThat(whole.get(1).line()).isEqualTo(2);
    assertThat(whole.get(2).fields()).containsExactly("002", "Bo|b", "two\nlines");
    assertThat(whole.get(3).line()).isEqualTo(7);
    assertThat(whole.get(3).fields()).containsExactly("003", "padded quote", "5'10\" tall");
    assertThat(whole.get(4).fields()).containsExactly("004", "", "\"x\"");
    assertThat(whole.get(7).fields()).containsExactly("007", "last", "no line end");
  }

  @Test
  void plainRecordsWithLineNumbers() {
    assertThat(read("a|b|c\n1|2|3\n"))
        .extracting(RawRecord::line, RawRecord::fields)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, List.of("a", "b", "c")),
            org.assertj.core.groups.Tuple.tuple(2L, List.of("1", "2", "3")));
  }

  @Test
  void crlfAndMissingFinalLineEndAndEmptyFields() {
    assertThat(read("a|b\r\n|\r\nx|"))
        .extracting(RawRecord::fields)
        .containsExactly(List.of("a", "b"), List.of("", ""), List.of("x", ""));
  }

  @Test
  void blankAndWhiteSpaceLinesAreSkippedButCounted() {
    List<RawRecord> recs = read("a|b\n\n   \n\t\nc|d\n");
    assertThat(recs).extracting(RawRecord::line).containsExactly(1L, 5L);
  }

  @Test
  void quotedFieldsHoldDelimitersDoubledQuotesAndLineBreaks() {
    List<RawRecord> recs = read("\"x|y\"|\"say \"\"hi\"\"\"|\"two\nlines\"\nnext|row\n");
    assertThat(recs.get(0).fields()).containsExactly("x|y", "say \"hi\"", "two\nlines");
    assertThat(recs.get(1).line()).isEqualTo(3);
    assertThat(recs.get(1).fields()).containsExactly("next", "row");
  }

  @Test
  void aQuoteInsideAnUnquotedValueIsLiteral() {
    assertThat(read("5'10\" tall|b\n").get(0).fields()).containsExactly("5'10\" tall", "b");
  }

  @Test
  void commaAndTabDelimiters() {
    assertThat(read("a,\"b,c\"\n", ',', 100).get(0).fields()).containsExactly("a", "b,c");
    assertThat(read("a\tb\n", '\t', 100).get(0).fields()).containsExactly("a", "b");
  }

  @Test
  void anUnbalancedQuoteIsReportedWhereItStarted() {
    List<RawRecord> recs = read("a|b|c\n1|\"oops|3\n4|5|6\n");
    assertThat(recs).hasSize(2);
    assertThat(recs.get(1).problem()).isEqualTo(RawRecord.Problem.UNBALANCED_QUOTE);
    assertThat(recs.get(1).line()).isEqualTo(2);
    assertThat(recs.get(1).problemField()).isEqualTo(1);
  }

  @Test
  void aRunawayLineIsSkippedToItsEndAndReadingGoesOn() {
    String longLine = "x".repeat(5000);
    List<RawRecord> recs = read("a|b\n" + longLine + "|y\nc|d\n", '|', 1000);
    assertThat(recs).hasSize(3);
    assertThat(recs.get(1).problem()).isEqualTo(RawRecord.Problem.LINE_TOO_LONG);
    assertThat(recs.get(1).line()).isEqualTo(2);
    assertThat(recs.get(2).fields()).containsExactly("c", "d");
    assertThat(recs.get(2).line()).isEqualTo(3);
  }

  @Test
  void aQuoteLeftOpenAcrossManyLinesIsStoppedByTheLimit() {
    StringBuilder text = new StringBuilder("a|\"never closed\n");
    for (int i = 0; i < 200; i++) {
      text.append("row ").append(i).append("|x\n");
    }
    List<RawRecord> recs = read(text.toString(), '|', 500);
    assertThat(recs.get(0).problem()).isEqualTo(RawRecord.Problem.UNBALANCED_QUOTE);
    assertThat(recs.get(0).line()).isEqualTo(1);
    assertThat(recs.size()).isGreaterThan(100);
  }

  @Test
  void fileNameStemsAndGlobs() {
    assertThat(FileNames.stem("in/grades_history_20261128.txt.gz"))
        .isEqualTo("grades_history_20261128");
    assertThat(FileNames.stem("PW_Students.CSV")).isEqualTo("PW_Students");
    assertThat(FileNames.matches("grades_history*", "GRADES_HISTORY_2026")).isTrue();
    assertThat(FileNames.matches("grades*", "students")).isFalse();
    assertThat(FileNames.matches("com.pathways.hub.students*", "com.pathways.hub.students"))
        .isTrue();
    assertThat(FileNames.matches("com.pathways.hub.students*", "comXpathwaysXhubXstudents"))
        .isFalse();
  }
}
