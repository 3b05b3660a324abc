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
import org.pathways.hub.onboarding.Step;
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
 * that does not match yet, Riverside ISD in its first week, Lakeview trained yesterday and
 * complete, and Harmony Academy not scheduled. The dates fit the demo's nights: every district's
 * first files came three nights ago, and each connection step is done by those files having come
 * through it.
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
    // Every district's first files came three nights ago, each its connection's first use (a few
    // days late for Lakeview and Grand Bend). Grand Bend starts its second week today, Riverside is
    // in its first, and Lakeview ends its second week approved and waiting for its training.
    schedule("grand-bend-isd", today.minusDays(7), today.plusDays(18));
    schedule("riverside-isd", today.minusDays(4), today.plusDays(24));
    schedule("lakeview-schools", today.minusDays(8), today.plusDays(8));
    districts
        .find("grand-bend-isd")
        .filter(d -> !worksheets.status(d.code()).submitted())
        .ifPresent(d -> worksheet(d, 9));
    districts
        .find("lakeview-schools")
        .filter(d -> !worksheets.status(d.code()).approved())
        .ifPresent(this::approved);
  }

  /**
   * Lakeview at the end of its onboarding: a worksheet that matches the live data, the data
   * validated (a step only an engineer can say is done) and the district approved for training.
   */
  private void approved(District d) {
    worksheet(d, 0);
    onboarding.mark(
        d, Step.VALIDATION, "Counts, GPA and credits checked against the worksheet", ENGINEER);
    worksheets.approve(d.code(), "Counts match the district's own reports", ENGINEER, null);
  }

  /**
   * Schedules a district's onboarding unless it has dates already. Meetings fall on weekdays: a
   * kick-off that would fall on a weekend is held on the Friday before, a training on the Monday
   * after, which keeps the two weeks between them.
   */
  private void schedule(String code, LocalDate kickoff, LocalDate training) {
    districts
        .find(code)
        .filter(d -> onboarding.integration(d).kickoff() == null)
        .ifPresent(
            d -> onboarding.setDates(d, weekday(kickoff, -1), weekday(training, 1), ENGINEER));
  }

  /** The day, or the nearest weekday from it in the direction {@code step} (-1 or 1). */
  static LocalDate weekday(LocalDate day, int step) {
    LocalDate d = day;
    while (d.getDayOfWeek() == java.time.DayOfWeek.SATURDAY
        || d.getDayOfWeek() == java.time.DayOfWeek.SUNDAY) {
      d = d.plusDays(step);
    }
    return d;
  }

  /**
   * The worksheet as a district would fill it in from its own SIS reports: the counts per campus
   * and grade and the courses as the hub has them, and a teacher count that is {@code extraStaff}
   * over the hub's: staff who do not teach counted as teachers, the usual first mismatch.
   */
  private void worksheet(District d, int extraStaff) {
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
        new Worksheet(
            Worksheet.DEFAULT_GPA_TYPE, teachers + extraStaff, courses, enrollment, List.of()),
        "it@" + d.code() + ".demo.test",
        null);
  }
}
