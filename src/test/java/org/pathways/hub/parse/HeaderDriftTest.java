package org.pathways.hub.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderDriftTest {

  @Test
  void renamedNewAndGoneColumnsAreSaidInWords() {
    HeaderDrift drift =
        HeaderDrift.between(
            List.of("Student ID", "Grade Level", "Middle Name", "Campus"),
            List.of("Student ID", "Grade Lvl", "Email", "Campus"));
    assertThat(drift.renamed()).containsExactly(new HeaderDrift.Rename("Grade Level", "Grade Lvl"));
    assertThat(drift.describe())
        .isEqualTo(
            "column 'Grade Lvl' replaced 'Grade Level' (renamed?); 'Email' is new; 'Middle Name' is"
                + " gone");
  }

  @Test
  void aReorderedHeaderInAnotherCaseIsNoDrift() {
    assertThat(
            HeaderDrift.between(
                    List.of("\uFEFFstudent_id", "first_name", "last_name"),
                    List.of("LAST_NAME ", "Student_ID", "first_name"))
                .isEmpty())
        .isTrue();
  }

  @Test
  void aVerySimilarNameThatMovedIsStillARenameButAnotherColumnInPlaceIsNot() {
    HeaderDrift drift =
        HeaderDrift.between(
            List.of("student_id", "graduation_plan", "gender"),
            List.of("student_id", "gender", "x", "graduation-plan "));
    assertThat(drift.describe())
        .isEqualTo("column 'graduation-plan' replaced 'graduation_plan' (renamed?); 'x' is new");
    assertThat(HeaderDrift.between(List.of("a", "middle_name"), List.of("a", "email")).describe())
        .isEqualTo("'email' is new; 'middle_name' is gone");
    assertThat(HeaderDrift.between(List.of("a", "b", "c"), List.of("a", "dd", "ee")).describe())
        .isEqualTo("'dd' and 'ee' are new; 'b' and 'c' are gone");
  }
}
