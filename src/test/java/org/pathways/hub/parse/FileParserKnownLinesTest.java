package org.pathways.hub.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.IssueCode;
import org.pathways.hub.district.Issues;
import org.pathways.hub.profile.FileSpec;
import org.pathways.hub.profile.ProfileCatalog;

/**
 * A line the district sent before is recognised by a hash of its text, before it is split; every
 * other row that can be recognised on a later night carries that hash, and one that cannot carries
 * none.
 */
class FileParserKnownLinesTest {

  private static final String HEADER =
      "student_id|state_student_id|first_name|last_name|birth_date|grade_level|campus_id|enrollment_status|graduation_plan";

  private static final String A = "1001|6000000001|Ana|Diaz|2009-01-10|09|255901001|A|FHSP";
  private static final String B = "1002|6000000002|Ben|Ruiz|2009-02-11|09|255901001|A|FHSP";
  private static final String C = "1003|6000000003|Cy|Lee|2009-03-12|10|255901001|A|FHSP";

  private final FileSpec students =
      new ProfileCatalog().get("standard").file(DataSet.STUDENTS, null).orElseThrow();

  /** What a parse handed on: rows by first name with their line hash, and the lines recognised. */
  private record Parsed(Map<String, Long> hashes, List<String> rows, List<long[]> seen) {}

  /** Lines with these hashes are known, as records 0, 1, 2... in the map's values. */
  private Parsed parse(String text, long seed, Map<Long, Integer> known) {
    Map<String, Long> hashes = new HashMap<>();
    List<String> rows = new ArrayList<>();
    List<long[]> seen = new ArrayList<>();
    KnownLines lines =
        new KnownLines() {
          @Override
          public long seed() {
            return seed;
          }

          @Override
          public void find(long[] lineHashes, int n, int[] records) {
            for (int i = 0; i < n; i++) {
              records[i] = known.getOrDefault(lineHashes[i], -1);
            }
          }

          @Override
          public void seen(int record, long line) {
            seen.add(new long[] {record, line});
          }
        };
    Issues issues = new Issues(1000, 1000, IssueCode::defaultSeverity);
    new FileParser(students, '|', FileParser.DEFAULT_MAX_RECORD_CHARS)
        .parse(
            new StringReader(text),
            issues,
            (row, found) -> {
              if ("Cy".equals(row.get(2))) {
                found.add(
                    IssueCode.DATES_OUT_OF_ORDER, row.line(), "first_name", "Cy", "A test issue.");
              }
            },
            row -> {},
            lines,
            row -> {
              rows.add(row.get(2));
              hashes.put(row.get(2), row.lineHash());
            });
    return new Parsed(hashes, rows, seen);
  }

  @Test
  void aKnownLineIsHandedOnUnsplitInTheFilesOrderAndTheOthersAsRows() {
    String file = HEADER + "\n" + A + "\n" + B + "\n" + C + "\n";
    Parsed first = parse(file, 42, Map.of());
    long a = first.hashes().get("Ana");
    long b = first.hashes().get("Ben");
    assertThat(a).isNotZero().isNotEqualTo(b);
    assertThat(first.hashes().get("Cy")).as("a row with an issue keeps no hash").isZero();

    String next =
        HEADER
            + "\r\n"
            + B
            + "\r\n"
            + "1004|6000000004|Di|Kim|2009-04-13|09|255901001|A|FHSP\r\n"
            + A;
    Parsed again = parse(next, 42, Map.of(a, 0, b, 1));

    assertThat(again.rows()).containsExactly("Di");
    assertThat(again.seen()).extracting(s -> s[0]).containsExactly(1L, 0L);
    assertThat(again.seen()).extracting(s -> s[1]).as("their lines").containsExactly(2L, 4L);
  }

  @Test
  void aQuotedLineBreakAmongKnownLinesReadAheadLeavesTheLinesAfterItKnown() {
    String file = HEADER + "\n" + A + "\n" + B + "\n";
    Parsed first = parse(file, 7, Map.of());
    long a = first.hashes().get("Ana");
    long b = first.hashes().get("Ben");
    // A record whose last name holds two line breaks: its second line is the text of the known
    // line A, but it is part of the record, not a line of its own; the A and B after it are.
    String broken = "1005|6000000005|Eve|\"x\n" + A + "\nz\"|2009-05-14|09|255901001|A|FHSP";
    StringBuilder next = new StringBuilder(HEADER).append('\n');
    for (int i = 0; i < 40; i++) {
      next.append(A).append('\n');
    }
    next.append(broken).append('\n').append(A).append('\n').append(B).append('\n');
    Parsed again = parse(next.toString(), 7, Map.of(a, 0, b, 1));

    assertThat(again.rows()).containsExactly("Eve");
    assertThat(again.hashes().get("Eve")).as("a record of two lines keeps no hash").isZero();
    assertThat(again.seen()).hasSize(42);
    assertThat(again.seen().get(40)).containsExactly(0L, 45L);
    assertThat(again.seen().get(41)).containsExactly(1L, 46L);
    assertThat(again.seen().get(39)).as("the 40th A, before the record").containsExactly(0L, 41L);
  }

  @Test
  void theSameTextHashesAlikeWhateverItsLineEndAndDiffersUnderAnotherSeedOrHeader() {
    long lf = parse(HEADER + "\n" + A + "\n", 42, Map.of()).hashes().get("Ana");

    assertThat(parse(HEADER + "\r\n" + A + "\r\n", 42, Map.of()).hashes().get("Ana")).isEqualTo(lf);
    assertThat(parse(HEADER + "\n" + A, 42, Map.of()).hashes().get("Ana"))
        .as("the last line, without a line end")
        .isEqualTo(lf);
    assertThat(parse(HEADER + "\n" + A + "\n", 43, Map.of()).hashes().get("Ana")).isNotEqualTo(lf);
    String reordered =
        "state_student_id|student_id|first_name|last_name|birth_date|grade_level|campus_id|enrollment_status|graduation_plan";
    assertThat(
            parse(
                    reordered + "\n" + "6000000001|1001|Ana|Diaz|2009-01-10|09|255901001|A|FHSP\n",
                    42,
                    Map.of())
                .hashes()
                .get("Ana"))
        .isNotEqualTo(lf)
        .isNotZero();
    assertThat(parse(HEADER + "\n" + A.replace("Diaz", "Díaz") + "\n", 42, Map.of()).hashes())
        .extractingByKey("Ana")
        .isNotEqualTo(lf);
  }

  @Test
  void aRecordThatIsNotOneWholeLineKeepsNoHash() {
    String quotedBreak = "1005|6000000005|\"Eve\nMarie\"|Fox|2009-05-14|09|255901001|A|FHSP";
    String loneCr = "1006|6000000006|Flo|Gil|2009-06-15|09|255901001|A|FHSP\r" + B;
    String quoted = "1007|6000000007|\"Gus\"|Ho|2009-07-16|09|255901001|A|FHSP";

    Parsed p =
        parse(HEADER + "\n" + quotedBreak + "\n" + loneCr + "\n" + quoted + "\n", 42, Map.of());

    assertThat(p.rows()).containsExactly("Eve\nMarie", "Flo", "Ben", "Gus");
    assertThat(p.hashes().get("Eve\nMarie")).isZero();
    assertThat(p.hashes().get("Flo")).isZero();
    assertThat(p.hashes().get("Ben")).as("ends at the line's end").isNotZero();
    assertThat(p.hashes().get("Gus")).as("quotes within one line").isNotZero();
  }

  @Test
  void aLineLongerThanTheReadersBufferIsReadWholeAndKeepsNoHash() {
    String longName = "N".repeat(70_000);
    String file =
        HEADER
            + "\n"
            + A
            + "\n"
            + A.replace("Ana", longName).replace("1001", "1008")
            + "\n"
            + B
            + "\n";

    Parsed p = parse(file, 42, Map.of());

    assertThat(p.rows()).containsExactly("Ana", longName, "Ben");
    assertThat(p.hashes().get(longName)).isZero();
    assertThat(p.hashes().get("Ben")).isNotZero();
  }

  @Test
  void linesAcrossManyBuffersHashAsTheyWouldAlone() {
    StringBuilder file = new StringBuilder(HEADER).append('\n');
    for (int i = 0; i < 3000; i++) {
      file.append(10_000 + i)
          .append("|6000000001|P")
          .append(i)
          .append("|Diaz|2009-01-10|09|255901001|A|FHSP\n");
    }
    Parsed whole = parse(file.toString(), 7, Map.of());

    for (int i : new int[] {0, 1234, 2999}) {
      String alone =
          HEADER
              + "\n"
              + (10_000 + i)
              + "|6000000001|P"
              + i
              + "|Diaz|2009-01-10|09|255901001|A|FHSP\n";
      assertThat(whole.hashes().get("P" + i))
          .isNotZero()
          .isEqualTo(parse(alone, 7, Map.of()).hashes().get("P" + i));
    }
    assertThat(whole.hashes().values()).doesNotHaveDuplicates();
  }
}
