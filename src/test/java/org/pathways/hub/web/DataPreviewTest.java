package org.pathways.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathways.hub.access.PortalUsers;
import org.pathways.hub.access.Role;
import org.pathways.hub.district.State;
import org.pathways.hub.support.PortalClient;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/** The live data preview: counts per data set, search, inactive records on request, paging. */
class DataPreviewTest {

  static final String PASSWORD = "data preview passphrase";
  static TestHub hub;
  static PortalClient contact;

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.startWeb(TestStore.SERVER, "--server.port=0");
    hub.addDistrict("preview-isd", State.TX, "standard");
    hub.ingestOne("preview-isd", "students.txt", Sample.students(60));
    // Two students withdrawn from the export: they stay as inactive records.
    hub.ingestOne("preview-isd", "students.txt", Sample.students(58));
    hub.ingestOne("preview-isd", "courses.txt", Sample.COURSES);
    hub.bean(PortalUsers.class)
        .add("it@preview.test", Role.DISTRICT_CONTACT, "preview-isd", PASSWORD);
    contact = new PortalClient(hub.webPort());
    assertThat(contact.signIn("it@preview.test", PASSWORD)).isTrue();
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  void everyDataSetIsListedWithItsLiveCount() throws Exception {
    String page = contact.get("/districts/preview-isd/data").body();
    assertThat(page)
        .contains("students (58)")
        .contains("course_crosswalk (3)")
        .contains("grades (0)");
  }

  @Test
  void recordsArePagedInKeyOrderAndSearchedByEveryWord() throws Exception {
    String first = contact.get("/districts/preview-isd/data?set=students").body();
    assertThat(first).contains("58 records.").contains("Page 1 of 2").contains("1001");
    assertThat(first).doesNotContain("1051");
    String second = contact.get("/districts/preview-isd/data?set=students&page=2").body();
    assertThat(second).contains("1051").contains("1058").doesNotContain(">1001<");

    String found = contact.get("/districts/preview-isd/data?set=students&q=first1+last12").body();
    assertThat(found).contains("1 record matches.").contains("First12");
    String course =
        contact.get("/districts/preview-isd/data?set=course_crosswalk&q=algebra").body();
    assertThat(course).contains("1 record matches.").contains("ALG1");
  }

  @Test
  void inactiveRecordsShowOnlyWhenAskedFor() throws Exception {
    assertThat(contact.get("/districts/preview-isd/data?set=students&q=1059").body())
        .contains("0 records match.");
    String withInactive =
        contact.get("/districts/preview-isd/data?set=students&q=1059&inactive=1").body();
    assertThat(withInactive).contains("1 record matches.").contains("inactive");
  }

  @Test
  void anUnknownDataSetIsNotFound() throws Exception {
    assertThat(contact.get("/districts/preview-isd/data?set=passwords").statusCode())
        .isEqualTo(404);
  }
}
