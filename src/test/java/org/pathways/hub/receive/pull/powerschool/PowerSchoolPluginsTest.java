package org.pathways.hub.receive.pull.powerschool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.district.State;
import org.pathways.hub.support.TestClock;
import org.pathways.hub.support.TestHub;
import org.pathways.hub.support.TestStore;

/**
 * A district's plugin versions on the store: the same content keeps its version (and its zip, byte
 * for byte), and a change of content (the district's name, its profile override) gets the next.
 */
class PowerSchoolPluginsTest {

  static final Instant START = Instant.parse("2026-11-30T15:00:00Z");

  @Test
  void theVersionRisesOnlyWhenTheContentChanges() throws Exception {
    TestClock clock = new TestClock(START);
    try (TestHub hub = TestHub.startWithClock(TestStore.SERVER, clock)) {
      hub.addDistrict("pecan-isd", State.TX, "powerschool-tx");
      hub.addDistrict("other-isd", State.TX, "powerschool-tx");
      PowerSchoolPlugins plugins = hub.bean(PowerSchoolPlugins.class);
      DistrictRepository districts = hub.bean(DistrictRepository.class);

      GeneratedPlugin first = plugins.generate(districts.find("pecan-isd").orElseThrow());
      assertThat(first.version()).isEqualTo(1);
      assertThat(first.changed()).isTrue();
      assertThat(first.fileName()).isEqualTo("pathways-powerschool-plugin-pecan-isd-v1.zip");

      clock.advance(Duration.ofHours(3));
      GeneratedPlugin again = plugins.generate(districts.find("pecan-isd").orElseThrow());
      assertThat(again.version()).isEqualTo(1);
      assertThat(again.changed()).isFalse();
      assertThat(again.created()).isEqualTo(first.created());
      assertThat(again.zip()).as("one version, one zip").isEqualTo(first.zip());
      assertThat(PowerSchoolPluginTest.unzip(again.zip()).get("plugin.xml"))
          .contains("version=\"1\"")
          .contains("name=\"Pathways (PECAN-ISD ISD)\"");

      hub.jdbc()
          .sql("update district set name = ? where code = ?")
          .params("Pecan Hollow ISD", "pecan-isd")
          .update();
      clock.advance(Duration.ofDays(1));
      GeneratedPlugin renamed = plugins.generate(districts.find("pecan-isd").orElseThrow());
      assertThat(renamed.version()).isEqualTo(2);
      assertThat(renamed.changed()).isTrue();
      assertThat(renamed.created()).isEqualTo(clock.instant());
      Map<String, String> zip = PowerSchoolPluginTest.unzip(renamed.zip());
      assertThat(zip.get("plugin.xml"))
          .contains("version=\"2\"")
          .contains("name=\"Pathways (Pecan Hollow ISD)\"");
      assertThat(plugins.generate(districts.find("pecan-isd").orElseThrow()).version())
          .isEqualTo(2);

      districts.setProfileOverride(
          "pecan-isd", "files:\n  - dataset: gpa\n    names: [com.pathways.hub.gpa*]\n");
      GeneratedPlugin overridden = plugins.generate(districts.find("pecan-isd").orElseThrow());
      assertThat(overridden.version()).isEqualTo(3);
      assertThat(PowerSchoolPluginTest.unzip(overridden.zip()).get(PowerSchoolPlugin.QUERIES_FILE))
          .contains("name=\"com.pathways.hub.gpa\"")
          .doesNotContain("com.pathways.hub.classrank");

      assertThat(plugins.generate(districts.find("other-isd").orElseThrow()).version())
          .as("each district has its own versions")
          .isEqualTo(1);
    }
  }

  @Test
  void aDistrictNotYetOnPowerSchoolGetsItsStatesPowerSchoolPlugin() throws Exception {
    try (TestHub hub = TestHub.start(TestStore.SERVER)) {
      hub.addDistrict("moving-isd", State.IN, "skyward-sms-in");
      PowerSchoolPlugins plugins = hub.bean(PowerSchoolPlugins.class);
      District d = hub.bean(DistrictRepository.class).find("moving-isd").orElseThrow();
      assertThat(plugins.onPowerSchool(d)).isFalse();
      GeneratedPlugin plugin = plugins.generate(d);
      assertThat(plugin.profileId()).isEqualTo("powerschool-in");
      assertThat(plugin.version()).isEqualTo(1);
    }
  }

  @Test
  void thePublisherComesFromTheSettingsWithDefaults() {
    PowerSchoolProperties defaults =
        new org.springframework.boot.context.properties.bind.Binder(
                new org.springframework.boot.context.properties.source
                    .MapConfigurationPropertySource(Map.of()))
            .bindOrCreate("powerschool", PowerSchoolProperties.class);
    assertThat(defaults.asPublisher())
        .isEqualTo(new Publisher("Pathways", "integrations@pathways.example.org"));
  }
}
