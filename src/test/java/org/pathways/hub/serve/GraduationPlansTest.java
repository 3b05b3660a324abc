package org.pathways.hub.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.State;

/** The shipped plan files, the loader's refusals, and how credits are given to requirements. */
class GraduationPlansTest {

  static final GraduationPlans PLANS = GraduationPlans.standard();

  @Test
  void theShippedPlansHaveDomainCreditsAndCoverEveryPlanCodeOfTheLayout() {
    assertThat(PLANS.plans(State.TX).stream().map(GraduationPlan::id))
        .containsExactly("FHSP", "FHSP-E", "FHSP-DLA");
    assertThat(PLANS.plans(State.IN).stream().map(GraduationPlan::id))
        .containsExactly("CORE40", "CORE40-AHD", "CORE40-THD", "GENERAL", "IN-DIPLOMA");

    GraduationPlan fhsp = plan(State.TX, "FHSP");
    assertThat(fhsp.credits()).isEqualByComparingTo("22");
    assertThat(credits(fhsp))
        .containsExactlyEntriesOf(
            ordered(
                "ENG",
                "4",
                "MATH",
                "3",
                "SCI",
                "3",
                "SS",
                "3",
                "LOTE",
                "2",
                "PE",
                "1",
                "FA",
                "1",
                "ELECTIVE",
                "5"));
    GraduationPlan endorsed = plan(State.TX, "FHSP-E");
    assertThat(endorsed.credits()).isEqualByComparingTo("26");
    assertThat(credits(endorsed)).containsEntry("MATH", "4").containsEntry("SCI", "4");
    assertThat(credits(endorsed)).containsEntry("ELECTIVE", "7");
    GraduationPlan dla = plan(State.TX, "FHSP-DLA");
    assertThat(dla.courses())
        .containsExactly(new GraduationPlan.RequiredCourse("03100600", "Algebra II"));

    GraduationPlan core40 = plan(State.IN, "CORE40");
    assertThat(core40.credits()).isEqualByComparingTo("40");
    assertThat(credits(core40))
        .containsExactlyEntriesOf(
            ordered(
                "ENG",
                "8",
                "MATH",
                "6",
                "SCI",
                "6",
                "SS",
                "6",
                "DIRECTED",
                "5",
                "PE",
                "2",
                "HEALTH",
                "1",
                "ELECTIVE",
                "6"));
    assertThat(plan(State.IN, "IN-DIPLOMA").credits()).isEqualByComparingTo("42");
    assertThat(plan(State.IN, "CORE40-AHD").credits()).isEqualByComparingTo("47");
    assertThat(plan(State.IN, "CORE40-THD").credits()).isEqualByComparingTo("47");

    Set<String> layout = DataSet.STUDENTS.field("graduation_plan").orElseThrow().codes();
    Set<String> covered = new java.util.HashSet<>(PLANS.codes(State.TX));
    covered.addAll(PLANS.codes(State.IN));
    assertThat(covered).isEqualTo(layout);
  }

  @Test
  void indianaStudentsFromTheClassOf2029AreOnTheIndianaDiploma() {
    GraduationPlans.Assignment old = PLANS.assign(State.IN, "CORE40", 2028);
    assertThat(old.plan().id()).isEqualTo("CORE40");
    assertThat(old.note()).isNull();

    GraduationPlans.Assignment later = PLANS.assign(State.IN, "core40", 2029);
    assertThat(later.plan().id()).isEqualTo("IN-DIPLOMA");
    assertThat(later.note()).contains("CORE40").contains("class of 2029");
    assertThat(PLANS.assign(State.IN, null, 2030).plan().id()).isEqualTo("IN-DIPLOMA");

    // A district that opted in early sends IN-DIPLOMA for an earlier class.
    assertThat(PLANS.assign(State.IN, "IN-DIPLOMA", 2027).plan().id()).isEqualTo("IN-DIPLOMA");
    // Texas has no class rule.
    assertThat(PLANS.assign(State.TX, "FHSP", 2031).plan().id()).isEqualTo("FHSP");
  }

  @Test
  void aMissingOrForeignPlanCodeGivesNoPlanAndSaysWhatToSend() {
    GraduationPlans.Assignment none = PLANS.assign(State.TX, " ", 2027);
    assertThat(none.plan()).isNull();
    assertThat(none.note()).contains("graduation_plan").contains("FHSP, FHSP-DLA, FHSP-E");
    GraduationPlans.Assignment foreign = PLANS.assign(State.TX, "CORE40", 2027);
    assertThat(foreign.plan()).isNull();
    assertThat(foreign.note()).contains("CORE40 is not a plan of TX");
  }

  @Test
  void anUnknownSubjectAreaIsRefusedWithFileAndLine() {
    String yaml =
        """
        state: TX
        plans:
          - id: FHSP
            name: Foundation
            codes: [FHSP]
            credits: 4
            requirements:
              - id: ENG
                label: English
                credits: 4
                areas:
                  - ENGLISH
        """;
    assertThatThrownBy(() -> read(yaml))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("test/tx.yaml line 12: ")
        .hasMessageContaining("unknown subject area 'ENGLISH'")
        .hasMessageContaining("plan FHSP, requirement ENG");
  }

  @Test
  void otherMistakesAreRefusedWithTheirLineToo() {
    String head = "state: TX\nplans:\n  - id: FHSP\n    name: F\n";
    assertThatThrownBy(
            () ->
                read(
                    head
                        + "    codes: [FHSP]\n    credits: 5\n    requirements:\n"
                        + "      - {id: ENG, label: E, credits: 4, areas: [ENG]}\n"))
        .hasMessage(
            "test/tx.yaml line 3: plan FHSP: its requirements add up to 4 credits, not the"
                + " plan's 5");
    assertThatThrownBy(
            () ->
                read(
                    head
                        + "    codes: [FHSP, DIPLOMA]\n    credits: 4\n    requirements:\n"
                        + "      - {id: ENG, label: E, credits: 4, areas: [ENG]}\n"))
        .hasMessageStartingWith("test/tx.yaml line 5: plan FHSP: unknown graduation_plan code");
    assertThatThrownBy(
            () ->
                read(
                    head
                        + "    codes: [FHSP]\n    credit: 4\n    requirements:\n"
                        + "      - {id: ENG, label: E, credits: 4, areas: [ENG]}\n"))
        .hasMessageStartingWith("test/tx.yaml line 6: a plan: unknown key 'credit'");
    assertThatThrownBy(() -> read("state: TX\nplans: []\nfrom_class_of: {year: 2029, plan: X}\n"))
        .hasMessageStartingWith("test/tx.yaml line 3: from_class_of names plan X");
  }

  @Test
  void creditsBeyondARequirementAndOfUnlistedAreasCountAsElectives() {
    GraduationPlans.Assignment fhsp = PLANS.assign(State.TX, "FHSP", 2027);
    GraduationProgress p =
        GraduationProgress.compute(
            "1",
            "FHSP",
            2027,
            fhsp,
            List.of(
                course("ENG1", "ENG", "03220100", "5"),
                course("PE", "PE", "PES00052", "1.5"),
                course("IT", "CTE", "13027200", "1"),
                course("HLTH", "HEALTH", "03810100", "0.5"),
                course("ADV", null, "99990001", "0.5"),
                new GraduationProgress.CourseCredit(
                    "ROBO", "Robotics", false, null, null, new BigDecimal("1")),
                course("FAILED", "MATH", "03100500", "0")));
    Map<String, GraduationProgress.RequirementProgress> byId = new java.util.HashMap<>();
    p.requirements().forEach(r -> byId.put(r.id(), r));
    assertThat(byId.get("ENG").earned()).isEqualByComparingTo("4");
    assertThat(byId.get("ENG").needed()).isEqualByComparingTo("0");
    assertThat(byId.get("PE").earned()).isEqualByComparingTo("1");
    assertThat(byId.get("MATH").earned()).isEqualByComparingTo("0");
    // 1 of English and 0.5 of PE beyond their requirements, 1 of CTE and 0.5 of health.
    assertThat(byId.get("ELECTIVE").earned()).isEqualByComparingTo("3");
    assertThat(byId.get("ELECTIVE").needed()).isEqualByComparingTo("2");
    assertThat(p.credits().earned()).isEqualByComparingTo("8");
    // 22 - 8 = 14, and the requirements still need 3 + 3 + 3 + 2 + 1 + 2 = 14 too.
    assertThat(p.credits().needed()).isEqualByComparingTo("14");

    // Extra credits in one area do not make up for another: 30 credits of electives leave
    // nothing short of 22, yet English and the rest are still needed.
    GraduationProgress lopsided =
        GraduationProgress.compute(
            "2", "FHSP", 2027, fhsp, List.of(course("IT", "CTE", "13027200", "30")));
    assertThat(lopsided.credits().needed()).isEqualByComparingTo("17");
    assertThat(p.countsNowhere().stream().map(GraduationProgress.CourseCredit::localCourseId))
        .containsExactly("ADV", "ROBO");
    assertThat(p.complete()).isFalse();
  }

  @Test
  void indianaDirectedElectivesTakeLanguagesArtsAndCareerCourses() {
    GraduationProgress p =
        GraduationProgress.compute(
            "1",
            "CORE40",
            2027,
            PLANS.assign(State.IN, "CORE40", 2027),
            List.of(
                course("SPAN", "LOTE", "2120", "2"),
                course("ART", "FA", "4000", "2"),
                course("PCC", "CTE", "5394", "3")));
    GraduationProgress.RequirementProgress directed =
        p.requirements().stream().filter(r -> r.id().equals("DIRECTED")).findFirst().orElseThrow();
    assertThat(directed.earned()).isEqualByComparingTo("5");
    GraduationProgress.RequirementProgress electives =
        p.requirements().stream().filter(r -> r.id().equals("ELECTIVE")).findFirst().orElseThrow();
    assertThat(electives.earned()).isEqualByComparingTo("2");
  }

  private static GraduationProgress.CourseCredit course(
      String id, String area, String code, String credits) {
    return new GraduationProgress.CourseCredit(id, id, true, area, code, new BigDecimal(credits));
  }

  private static GraduationPlans.StatePlans read(String yaml) {
    return GraduationPlans.read(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test/tx.yaml");
  }

  private static GraduationPlan plan(State state, String id) {
    return PLANS.plans(state).stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
  }

  private static Map<String, String> credits(GraduationPlan p) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    p.requirements().forEach(r -> out.put(r.id(), r.credits().toPlainString()));
    return out;
  }

  private static Map<String, String> ordered(String... pairs) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    List<String> l = new ArrayList<>(List.of(pairs));
    for (int i = 0; i < l.size(); i += 2) {
      out.put(l.get(i), l.get(i + 1));
    }
    return out;
  }
}
