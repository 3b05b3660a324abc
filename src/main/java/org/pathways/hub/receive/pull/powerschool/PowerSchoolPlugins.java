package org.pathways.hub.receive.pull.powerschool;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;
import org.pathways.hub.district.District;
import org.pathways.hub.pipeline.ProfileResolver;
import org.pathways.hub.profile.Profile;
import org.pathways.hub.profile.ProfileCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Makes districts' PowerSchool plugins and numbers their versions: PowerSchool installs a plugin
 * over an installed one only when its version is higher, so each change of content (the district's
 * name, its profile override) gets the next version, and the same content keeps its version.
 */
@Service
public class PowerSchoolPlugins {

  /** The SIS name of the PowerSchool profiles. */
  public static final String SIS = "PowerSchool";

  private static final Logger LOG = LoggerFactory.getLogger(PowerSchoolPlugins.class);

  private final ProfileResolver profiles;
  private final ProfileCatalog catalog;
  private final JdbcClient jdbc;
  private final Clock clock;
  private final Publisher publisher;

  public PowerSchoolPlugins(
      ProfileResolver profiles,
      ProfileCatalog catalog,
      JdbcClient jdbc,
      Clock clock,
      PowerSchoolProperties properties) {
    this.profiles = profiles;
    this.catalog = catalog;
    this.jdbc = jdbc;
    this.clock = clock;
    this.publisher = properties.asPublisher();
  }

  /**
   * The profile the district's plugin follows: its own (with its override) when it is on
   * PowerSchool, otherwise the built-in PowerSchool profile of its state, which it will follow once
   * its engineer moves it to PowerSchool.
   */
  public Profile profileFor(District district) {
    Profile own = profiles.forDistrict(district);
    if (SIS.equals(own.sis())) {
      return own;
    }
    return catalog.get("powerschool-" + district.state().name().toLowerCase(Locale.ROOT));
  }

  /** Whether the district's own profile is a PowerSchool one. */
  public boolean onPowerSchool(District district) {
    return SIS.equals(profiles.forDistrict(district).sis());
  }

  /**
   * The district's plugin as of now, recording its version: the last one if the content is the
   * same, the next one if it changed.
   *
   * @throws PluginException when the district's profile has a file or column the plugin cannot
   *     return
   */
  @Transactional
  public GeneratedPlugin generate(District district) {
    Objects.requireNonNull(district, "district");
    Profile profile = profileFor(district);
    PluginContent content = PowerSchoolPlugin.content(district, profile, publisher);
    String digest = content.digest();
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    // The row is locked for this transaction, if there is one, so the previous version is still
    // the previous one when the next statement runs.
    Integer previous =
        jdbc.sql("select version from powerschool_plugin where district = ? for update")
            .param(district.code())
            .query(Integer.class)
            .optional()
            .orElse(null);
    // One statement, so two downloads at the same moment cannot both take the next version.
    Version v =
        jdbc.sql(
                """
                insert into powerschool_plugin
                  (district, digest, version, version_created_at, last_generated_at)
                values (:district, :digest, 1, :now, :now)
                on conflict (district) do update set
                  version = case when powerschool_plugin.digest = excluded.digest
                    then powerschool_plugin.version else powerschool_plugin.version + 1 end,
                  version_created_at = case when powerschool_plugin.digest = excluded.digest
                    then powerschool_plugin.version_created_at else excluded.version_created_at end,
                  digest = excluded.digest,
                  last_generated_at = excluded.last_generated_at
                returning version, version_created_at
                """)
            .param("district", district.code())
            .param("digest", digest)
            .param("now", now)
            .query(
                (rs, i) ->
                    new Version(rs.getInt(1), rs.getObject(2, OffsetDateTime.class).toInstant()))
            .single();
    boolean changed = previous == null || previous != v.number();
    if (changed) {
      LOG.info(
          "PowerSchool plugin of district {} is now version {} ({})",
          district.code(),
          v.number(),
          profile.id());
    }
    return new GeneratedPlugin(
        district.code(), profile.id(), v.number(), changed, v.created(), content);
  }

  private record Version(int number, Instant created) {}
}
