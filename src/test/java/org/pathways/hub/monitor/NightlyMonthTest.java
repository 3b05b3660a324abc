package org.pathways.hub.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.district.State;
import org.pathways.hub.onboarding.Onboarding;
import org.pathways.hub.onboarding.TransferMethod;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.TestClock;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/**
 * Simulated nights of several districts on two SIS profiles (the Standard Layout, and Cognos with
 * its 1 a.m. deadline and its own file format), across both clock changes: files sent on time,
 * late, not at all, cut short, broken or with a changed header, and nights paused; every night is
 * recorded once at its deadline with the right state, even when the evaluation runs twice, and a
 * late file changes a missing night to late.
 */
class NightlyMonthTest {

  static final String TEACHERS =
      "teacher_id|first_name|last_name|email|campus_id|active\n"
          + "T1|Ann|Lee|ann@district.test|255901001|Y\n";
  static final String FULL = Sample.students(20);
  static final String SHORT = Sample.students(5);
  static final String BROKEN = FULL.replace("2009-04-13", "2009-13-45");
  static final String DRIFTED = FULL.replaceFirst("grade_level", "grade");

  /** What a district sends on a night: students content (null for nothing) and when. */
  record Send(String students, LocalTime at, int dayOffset) {
    static Send onTime(String students) {
      return new Send(students, LocalTime.of(23, 30), 0);
    }
  }

  private static Instant central(LocalDate day, LocalTime time) {
    return ZonedDateTime.of(LocalDateTime.of(day, time), Nights.CENTRAL)
        .withLaterOffsetAtOverlap()
        .toInstant();
  }

  private static void setUp(TestHub hub, String code, LocalTime deadline) {
    setUp(hub, code, "standard", deadline);
  }

  private static void setUp(TestHub hub, String code, String profile, LocalTime deadline) {
    hub.addDistrict(code, State.TX, profile);
    District d = hub.bean(DistrictRepository.class).find(code).orElseThrow();
    Expectations expectations = hub.bean(Expectations.class);
    for (DataSet ds : DataSet.values()) {
      if (ds != DataSet.STUDENTS && ds != DataSet.TEACHERS) {
        expectations.setNights(
            code, Feed.whole(ds), EnumSet.noneOf(java.time.DayOfWeek.class), "test");
      }
    }
    if (deadline != null) {
      hub.bean(Onboarding.class).saveSettings(d, TransferMethod.SFTP, deadline, 3, "test");
    }
  }

  /**
   * A Cognos district's nightly students and teachers files, in its own format (tab-delimited
   * report output), as the hub's generator writes them.
   */
  private static Map<String, String> cognosFiles(TestHub hub, java.nio.file.Path dir)
      throws Exception {
    org.pathways.hub.profile.Profile profile =
        hub.bean(org.pathways.hub.profile.ProfileCatalog.class).get("cognos-tx");
    org.pathways.hub.generate.GenerateSummary written =
        org.pathways.hub.generate.NativeWriter.dated(LocalDate.of(2026, 10, 24))
            .write(
                profile,
                new org.pathways.hub.generate.DistrictGenerator(
                        State.TX, 30, 4242, LocalDate.of(2026, 10, 24))
                    .generate(),
                dir);
    Map<String, String> out = new LinkedHashMap<>();
    for (var f : written.files()) {
      if (f.dataSet() == DataSet.STUDENTS || f.dataSet() == DataSet.TEACHERS) {
        out.put(
            f.fileName(),
            java.nio.file.Files.readString(
                written.outDir().resolve(f.fileName()),
                java.nio.charset.StandardCharsets.ISO_8859_1));
      }
    }
    assertThat(out).hasSize(2);
    return out;
  }

  private static void sendCognos(
      TestHub hub,
      TestClock clock,
      Map<String, String> files,
      LocalDate night,
      LocalTime at,
      int dayOffset)
      throws Exception {
    Instant when = central(night.plusDays(dayOffset), at);
    clock.set(when);
    for (Map.Entry<String, String> f : files.entrySet()) {
      hub.ingestAt("early-isd", f.getKey(), f.getValue(), when);
    }
  }

  private static void send(TestHub hub, TestClock clock, String code, LocalDate night, Send s)
      throws Exception {
    if (s == null || s.students() == null) {
      return;
    }
    Instant at = central(night.plusDays(s.dayOffset()), s.at());
    clock.set(at);
    hub.ingestAt(code, "students.txt", s.students(), at);
    hub.ingestAt(code, "teachers.txt", TEACHERS, at);
  }

  /** Runs the evaluation at 02:01 the morning after each night, twice. */
  private static void evaluate(TestHub hub, TestClock clock, LocalDate night) {
    clock.set(central(night.plusDays(1), LocalTime.of(2, 1)));
    NightlyEvaluation evaluation = hub.bean(NightlyEvaluation.class);
    evaluation.evaluateDue();
    evaluation.evaluateDue();
  }

  private static Map<String, String> states(
      TestHub hub, String code, LocalDate from, LocalDate to) {
    Map<String, String> out = new LinkedHashMap<>();
    for (DistrictNight n : hub.bean(NightlyEvaluation.class).recorded(code, from, to)) {
      for (DataSetNight s : n.sets()) {
        out.put(n.night() + " " + s.feed().id(), s.state().name());
      }
    }
    return out;
  }

  @Test
  void anAutumnMonthOfFourDistricts() throws Exception {
    LocalDate first = LocalDate.of(2026, 10, 25);
    LocalDate last = LocalDate.of(2026, 11, 14);
    TestClock clock = new TestClock(central(first, LocalTime.NOON));
    try (TestHub hub = TestHub.startWithClock(TestStore.SERVER, clock)) {
      setUp(hub, "steady-isd", null);
      // A Cognos district: its deadline is 1 a.m. by default.
      setUp(hub, "early-isd", "cognos-tx", null);
      Map<String, String> cognos =
          cognosFiles(hub, java.nio.file.Files.createTempDirectory("cognos-month-"));
      setUp(hub, "trouble-isd", null);
      setUp(hub, "paused-isd", null);
      hub.bean(Expectations.class)
          .addPause(
              "paused-isd",
              LocalDate.of(2026, 11, 5),
              LocalDate.of(2026, 11, 10),
              "fall break",
              "eng");
      for (String code : List.of("steady-isd", "early-isd", "trouble-isd", "paused-isd")) {
        hub.bean(org.pathways.hub.access.PortalUsers.class)
            .add(
                "it@" + code + ".test",
                org.pathways.hub.access.Role.DISTRICT_CONTACT,
                code,
                "a contact's passphrase");
      }
      List<NightEvaluated> evaluated = hub.events(NightEvaluated.class);
      List<NightStatusChanged> changed = hub.events(NightStatusChanged.class);

      LocalDate missingNight = LocalDate.of(2026, 10, 28);
      LocalDate heldNight = LocalDate.of(2026, 10, 29);
      LocalDate brokenNight = LocalDate.of(2026, 11, 2);
      LocalDate driftNight = LocalDate.of(2026, 11, 3);
      LocalDate autumnNight = LocalDate.of(2026, 10, 31); // 1 a.m. comes twice on the morning after
      LocalDate earlyLateNight = LocalDate.of(2026, 11, 12);
      for (LocalDate night = first; !night.isAfter(last); night = night.plusDays(1)) {
        send(hub, clock, "steady-isd", night, Send.onTime(FULL));
        // early-isd's deadline is 1 a.m.: it sends at 00:45, but at 01:30 on the autumn night
        // (the first 1:30, CDT, before the second 1 a.m.) and at 01:20 one night (late).
        if (night.equals(autumnNight)) {
          Instant firstHalfPastOne = Instant.parse("2026-11-01T06:30:00Z"); // 01:30 CDT
          clock.set(firstHalfPastOne);
          for (Map.Entry<String, String> f : cognos.entrySet()) {
            hub.ingestAt("early-isd", f.getKey(), f.getValue(), firstHalfPastOne);
          }
        } else {
          sendCognos(
              hub,
              clock,
              cognos,
              night,
              night.equals(earlyLateNight) ? LocalTime.of(1, 20) : LocalTime.of(0, 45),
              1);
        }
        Send trouble =
            night.equals(missingNight)
                ? null
                : night.equals(heldNight)
                    ? Send.onTime(SHORT)
                    : night.equals(brokenNight)
                        ? Send.onTime(BROKEN)
                        : night.equals(driftNight) ? Send.onTime(DRIFTED) : Send.onTime(FULL);
        send(hub, clock, "trouble-isd", night, trouble);
        boolean paused =
            !night.isBefore(LocalDate.of(2026, 11, 5))
                && !night.isAfter(LocalDate.of(2026, 11, 10));
        send(hub, clock, "paused-isd", night, paused ? null : Send.onTime(FULL));
        evaluate(hub, clock, night);
        if (night.equals(missingNight)) {
          // The file comes at 02:40, after the evaluation found it missing.
          Instant late = central(night.plusDays(1), LocalTime.of(2, 40));
          clock.set(late);
          hub.ingestAt("trouble-isd", "students.txt", FULL, late);
          hub.ingestAt("trouble-isd", "teachers.txt", TEACHERS, late);
          clock.advance(Duration.ofMinutes(1));
          hub.bean(NightlyEvaluation.class).evaluateDue();
          hub.bean(NightlyEvaluation.class).evaluateDue();
        }
      }

      int nights = (int) (last.toEpochDay() - first.toEpochDay() + 1);
      assertThat(evaluated).as("each district night recorded once").hasSize(4 * nights);

      assertThat(states(hub, "steady-isd", first, last).values())
          .hasSize(2 * nights)
          .containsOnly("OK");

      Map<String, String> early = states(hub, "early-isd", first, last);
      assertThat(early.get(autumnNight + " students"))
          .as("the first 1:30 on the autumn night")
          .isEqualTo("OK");
      assertThat(early.get(earlyLateNight + " students")).isEqualTo("LATE");
      assertThat(early.values().stream().filter(s -> !s.equals("OK")).count()).isEqualTo(2);

      Map<String, String> trouble = states(hub, "trouble-isd", first, last);
      assertThat(trouble.get(missingNight + " students"))
          .as("missing, then late")
          .isEqualTo("LATE");
      assertThat(trouble.get(heldNight + " students")).isEqualTo("HELD");
      assertThat(trouble.get(heldNight + " teachers")).isEqualTo("OK");
      assertThat(trouble.get(brokenNight + " students")).isEqualTo("FAILED");
      assertThat(trouble.get(driftNight + " students")).isEqualTo("FAILED");
      assertThat(trouble.values().stream().filter(s -> !s.equals("OK")).count()).isEqualTo(5);
      assertThat(changed)
          .extracting(
              c -> c.district() + " " + c.night() + " " + c.before() + "->" + c.now().state())
          .containsExactlyInAnyOrder(
              "trouble-isd " + missingNight + " MISSING->LATE",
              "trouble-isd " + missingNight + " MISSING->LATE");
      DataSetNight late =
          hub.bean(NightlyEvaluation.class)
              .recorded("trouble-isd", missingNight, missingNight)
              .get(0)
              .sets()
              .get(0);
      assertThat(late.reason())
          .isEqualTo(
              "The students file came 40 minutes after the Thu 02:00 CDT deadline (Thu 02:40 CDT, the same file as before). Schedule the export earlier.");

      // The calendar shows what was recorded, cell by cell.
      NightCalendar calendar =
          hub.bean(History.class)
              .calendar(
                  hub.bean(DistrictRepository.class).find("trouble-isd").orElseThrow(),
                  nights,
                  clock.instant());
      NightCalendar.Row studentsRow =
          calendar.rows().stream()
              .filter(r -> r.feed().dataSet() == DataSet.STUDENTS)
              .findFirst()
              .orElseThrow();
      for (NightCalendar.Cell cell : studentsRow.cells()) {
        assertThat(cell.kind())
            .as(cell.night().toString())
            .isEqualTo(trouble.get(cell.night() + " students"));
        assertThat(cell.live()).as("recorded, not judged again").isFalse();
      }

      // Alerts: the district is told on the first night of each trouble and when the missing file
      // came; steady nights, the early district's single late night aside, and paused nights say
      // nothing.
      List<String> sent =
          hub.jdbc()
              .sql(
                  "select district || ' ' || night || ' ' || kind || ' ' || datasets || ' ' || recipient from alert_sent"
                      + " where channel = 'EMAIL' order by district, night, kind, datasets")
              .query(String.class)
              .list();
      assertThat(sent)
          .as("the header drift the night after the broken file is the same trouble's second night")
          .containsExactly(
              "early-isd " + earlyLateNight + " NIGHT ,students,teachers, it@early-isd.test",
              "trouble-isd " + missingNight + " LATE_ARRIVAL ,students, it@trouble-isd.test",
              "trouble-isd " + missingNight + " LATE_ARRIVAL ,teachers, it@trouble-isd.test",
              "trouble-isd " + missingNight + " NIGHT ,students,teachers, it@trouble-isd.test",
              "trouble-isd " + heldNight + " NIGHT ,students, it@trouble-isd.test",
              "trouble-isd " + brokenNight + " NIGHT ,students, it@trouble-isd.test");

      Map<String, String> paused = states(hub, "paused-isd", first, last);
      List<String> pausedNights = new ArrayList<>();
      paused.forEach(
          (k, v) -> {
            if (v.equals("PAUSED")) {
              pausedNights.add(k);
            }
          });
      assertThat(pausedNights).hasSize(12);
      assertThat(paused.values().stream().filter(s -> !s.equals("OK") && !s.equals("PAUSED")))
          .isEmpty();
    }
  }

  @Test
  void theSpringNightHasNoTwoOClock() throws Exception {
    LocalDate night = LocalDate.of(2026, 3, 7);
    TestClock clock = new TestClock(central(night, LocalTime.NOON));
    try (TestHub hub = TestHub.startWithClock(TestStore.SERVER, clock)) {
      setUp(hub, "spring-isd", null);
      setUp(hub, "sleepy-isd", null);
      Instant beforeChange = Instant.parse("2026-03-08T07:59:00Z"); // 01:59 CST
      Instant afterChange = Instant.parse("2026-03-08T08:05:00Z"); // 03:05 CDT
      clock.set(beforeChange);
      hub.ingestAt("spring-isd", "students.txt", FULL, beforeChange);
      hub.ingestAt("spring-isd", "teachers.txt", TEACHERS, beforeChange);
      clock.set(Instant.parse("2026-03-08T08:00:30Z"));
      hub.bean(NightlyEvaluation.class).evaluateDue();
      assertThat(states(hub, "spring-isd", night, night))
          .containsOnlyKeys(night + " students", night + " teachers")
          .containsValues("OK");
      assertThat(states(hub, "sleepy-isd", night, night))
          .as("nothing sent yet: not watched")
          .isEmpty();

      clock.set(afterChange);
      hub.ingestAt("sleepy-isd", "students.txt", FULL, afterChange);
      // sleepy-isd is watched from the night its first file belongs to, which is this one.
      clock.advance(Duration.ofMinutes(1));
      hub.bean(NightlyEvaluation.class).evaluateDue();
      DistrictNight n =
          hub.bean(NightlyEvaluation.class).recorded("sleepy-isd", night, night).get(0);
      assertThat(n.deadline()).isEqualTo(Instant.parse("2026-03-08T08:00:00Z"));
      assertThat(n.sets())
          .extracting(s -> s.feed().id() + " " + s.state() + " " + s.reason())
          .containsExactly(
              "students LATE The students file came 5 minutes after the Sun 03:00 CDT deadline (Sun 03:05 CDT, loaded). Schedule the export earlier.",
              "teachers MISSING No teachers file arrived by the Sun 03:00 CDT deadline. Check that the SIS export job ran and could sign in.");
    }
  }
}
