package org.pathways.hub.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tolerances at their edges, on facts made by hand: no database needed for arithmetic. */
class WorksheetToleranceTest {

  private static Line only(Worksheet w, LiveFacts f) {
    List<Line> lines = Comparer.compare(w, f, Map.of(), Tolerances.DEFAULT).lines();
    assertThat(lines).hasSize(1);
    return lines.get(0);
  }

  private static Worksheet teachers(int n) {
    return new Worksheet("WEIGHTED", n, null, List.of(), List.of());
  }

  private static LiveFacts facts(long teachers) {
    return new LiveFacts(Map.of(), teachers, 0, Map.of());
  }

  @Test
  void aCountMatchesWithinTwoOrTwoPercentWhicheverIsMore() {
    assertThat(Tolerances.DEFAULT.count(10)).isEqualTo(2);
    assertThat(Tolerances.DEFAULT.count(149)).as("2.98 rounds down to 2").isEqualTo(2);
    assertThat(Tolerances.DEFAULT.count(150)).isEqualTo(3);
    assertThat(Tolerances.DEFAULT.count(1000)).isEqualTo(20);

    assertThat(only(teachers(10), facts(12)).verdict()).isEqualTo(Verdict.MATCH);
    assertThat(only(teachers(10), facts(8)).verdict()).isEqualTo(Verdict.MATCH);
    Line over = only(teachers(10), facts(13));
    assertThat(over.verdict()).isEqualTo(Verdict.MISMATCH);
    assertThat(over.difference()).isEqualTo("+3");
    assertThat(over.tolerance()).isEqualTo("± 2");
    assertThat(only(teachers(1000), facts(980)).verdict()).isEqualTo(Verdict.MATCH);
    Line under = only(teachers(1000), facts(979));
    assertThat(under.verdict()).isEqualTo(Verdict.MISMATCH);
    assertThat(under.difference()).isEqualTo("-21");
    assertThat(under.tolerance()).isEqualTo("± 20");
  }

  @Test
  void creditsWithinHalfACreditGpaWithinAHundredthGradeExactly() {
    Worksheet w =
        new Worksheet(
            "WEIGHTED",
            null,
            null,
            List.of(),
            List.of(
                new Worksheet.NamedStudent(
                    "1", "09", new BigDecimal("10.0"), new BigDecimal("3.50"))));
    LiveFacts close =
        new LiveFacts(
            Map.of(),
            0,
            0,
            Map.of(
                "1", new LiveFacts.Student("09", new BigDecimal("10.5"), new BigDecimal("3.51"))));
    assertThat(Comparer.compare(w, close, Map.of(), Tolerances.DEFAULT).lines())
        .extracting(Line::verdict)
        .containsExactly(Verdict.MATCH, Verdict.MATCH, Verdict.MATCH);

    LiveFacts off =
        new LiveFacts(
            Map.of(),
            0,
            0,
            Map.of(
                "1",
                new LiveFacts.Student("10", new BigDecimal("10.75"), new BigDecimal("3.489"))));
    List<Line> lines = Comparer.compare(w, off, Map.of(), Tolerances.DEFAULT).lines();
    assertThat(lines).extracting(Line::verdict).containsOnly(Verdict.MISMATCH);
    assertThat(lines)
        .extracting(Line::expected, Line::actual, Line::difference)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("09", "10", ""),
            org.assertj.core.groups.Tuple.tuple("10", "10.75", "+0.75"),
            org.assertj.core.groups.Tuple.tuple("3.5", "3.489", "-0.011"));

    LiveFacts gone = new LiveFacts(Map.of(), 0, 0, Map.of());
    assertThat(Comparer.compare(w, gone, Map.of(), Tolerances.DEFAULT).lines())
        .allSatisfy(
            l -> {
              assertThat(l.verdict()).isEqualTo(Verdict.MISMATCH);
              assertThat(l.actual()).isEqualTo("not an active student");
            });
  }

  @Test
  void aWaiverCoversTheExpectedValueItWasGivenForOnly() {
    Waiver waiver = new Waiver("10", "two teachers on leave", "eng@hub.test", Instant.EPOCH);
    Line waived =
        Comparer.compare(teachers(10), facts(20), Map.of("teachers", waiver), Tolerances.DEFAULT)
            .lines()
            .get(0);
    assertThat(waived.verdict()).isEqualTo(Verdict.WAIVED);
    assertThat(waived.waiver().reason()).isEqualTo("two teachers on leave");
    Line restated =
        Comparer.compare(teachers(11), facts(20), Map.of("teachers", waiver), Tolerances.DEFAULT)
            .lines()
            .get(0);
    assertThat(restated.verdict()).isEqualTo(Verdict.MISMATCH);
    assertThat(restated.waiver()).isNull();
  }

  @Test
  void nothingStatedIsNeverApprovable() {
    Comparison c = Comparer.compare(Worksheet.EMPTY, facts(3), Map.of(), Tolerances.DEFAULT);
    assertThat(c.lines()).isEmpty();
    assertThat(c.approvable()).isFalse();
  }
}
