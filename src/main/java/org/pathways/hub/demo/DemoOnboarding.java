package org.pathways.hub.demo;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.pathways.hub.district.Central;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.onboarding.Comparison;
import org.pathways.hub.onboarding.Line;
import org.pathways.hub.onboarding.Onboarding;
import org.pathways.hub.onboarding.Worksheet;
import org.pathways.hub.onboarding.Worksheets;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Puts the demo districts at different points of their onboarding, so the portal's timeline,
 * worksheet and overview have something to show: Grand Bend ISD in its second week with a worksheet
 * that does not match yet, Riverside ISD in its first week, Lakeview past training, and Harmony
 * Academy not scheduled.
 */
@Component
@Order(25)
@ConditionalOnProperty(name = "hub.demo", havingValue = "true")
public class DemoOnboarding implements ApplicationRunner {

  static final String ENGINEER = "demo";

  private final DistrictRepository districts;
  private final Onboarding onboarding;
  private final Worksheets worksheets;
  private final Clock clock;

  public DemoOnboarding(
      DistrictRepository districts, Onboarding onboarding, Worksheets worksheets, Clock clock) {
    this.districts = districts;
    this.onboarding = onboarding;
    this.worksheets = worksheets;
    this.clock = clock;
  }

  @Override
  public void run(ApplicationArguments args) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), Central.ZONE);
    schedule("grand-bend-isd", today.minusDays(9), today.plusDays(18));
    schedule("riverside-isd", today.minusDays(3), today.plusDays(25));
    schedule("lakeview-schools", today.minusDays(40), today.minusDays(12));
    districts
        .find("grand-bend-isd")
        .filter(d -> !worksheets.status(d.code()).submitted())
        .ifPresent(this::worksheet);
  }

  private void schedule(String code, LocalDate kickoff, LocalDate training) {
    districts
        .find(code)
        .filter(d -> onboarding.integration(d).kickoff() == null)
        .ifPresent(d -> onboarding.setDates(d, kickoff, training, ENGINEER));
  }

  /**
   * The worksheet as a district would fill it in from its own SIS reports: the counts per campus
   * and grade and the courses as the hub has them, and a teacher count that includes staff who do
   * not teach, the usual first mismatch.
   */
  private void worksheet(District d) {
    // A first draft with one line of no campus, so the comparison lists every live campus and
    // grade as not yet stated: the counts the district's own report would show.
    worksheets.save(
        d.code(),
        new Worksheet(
            Worksheet.DEFAULT_GPA_TYPE,
            0,
            0,
            List.of(new Worksheet.Enrollment("000000000", "PK", 0)),
            List.of()),
        ENGINEER,
        null);
    Comparison now = worksheets.compare(d.code());
    int teachers = 0;
    int courses = 0;
    for (Line line : now.lines()) {
      if (line.key().equals("teachers")) {
        teachers = Integer.parseInt(line.actual());
      } else if (line.key().equals("courses")) {
        courses = Integer.parseInt(line.actual());
      }
    }
    List<Worksheet.Enrollment> enrollment = new ArrayList<>();
    for (Comparison.Unstated u : now.unstated()) {
      enrollment.add(new Worksheet.Enrollment(u.campusId(), u.gradeLevel(), (int) u.actual()));
    }
    worksheets.save(
        d.code(),
        new Worksheet(Worksheet.DEFAULT_GPA_TYPE, teachers + 9, courses, enrollment, List.of()),
        "it@grand-bend-isd.demo.test",
        null);
  }
}
