package org.pathways.hub.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The validator's shortcut for plain decimals says what {@link BigDecimal} would. */
class PlainDecimalTest {

  @Test
  void aPlainDecimalIsItsOwnNormalFormAndAnythingElseIsNot() {
    for (String v : List.of("0", "0.5", "0.50", "1", "10", "95", "100.0", "3.75", "12345.6789")) {
      assertThat(RowValidator.plainDecimal(v)).as(v).isTrue();
      assertThat(new BigDecimal(v).toPlainString()).as(v).isEqualTo(v);
      assertThat(new BigDecimal(v).signum()).as(v).isNotNegative();
    }
    for (String v :
        List.of(
            "", "00", "01", "007.5", ".5", "5.", "1.2.3", "-1", "+1", "1e3", "1,5", " 1", "½")) {
      assertThat(RowValidator.plainDecimal(v)).as(v).isFalse();
    }
  }

  @Test
  void plainDecimalsCompareAsTheirValues() {
    Random random = new Random(20261130);
    List<String> values = new ArrayList<>(List.of("0", "0.0", "0.5", "0.50", "1", "1.0", "10"));
    for (int i = 0; i < 400; i++) {
      String whole = Integer.toString(random.nextInt(3) == 0 ? 0 : random.nextInt(120));
      int digits = random.nextInt(4);
      StringBuilder frac = new StringBuilder();
      for (int d = 0; d < digits; d++) {
        frac.append(random.nextInt(10));
      }
      values.add(digits == 0 ? whole : whole + "." + frac);
    }
    for (String a : values) {
      for (String b : values) {
        assertThat(RowValidator.plainDecimal(a) && RowValidator.plainDecimal(b)).isTrue();
        assertThat(Integer.signum(RowValidator.comparePlain(a, b)))
            .as(a + " against " + b)
            .isEqualTo(new BigDecimal(a).compareTo(new BigDecimal(b)));
      }
    }
  }
}
