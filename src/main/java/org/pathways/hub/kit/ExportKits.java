package org.pathways.hub.kit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.district.State;
import org.pathways.hub.onboarding.Integration;
import org.pathways.hub.onboarding.Onboarding;
import org.pathways.hub.pipeline.ProfileResolver;
import org.pathways.hub.profile.FileSpec;
import org.pathways.hub.profile.Profile;
import org.pathways.hub.receive.SftpAccount;
import org.pathways.hub.receive.SftpAccounts;
import org.pathways.hub.receive.pull.powerschool.GeneratedPlugin;
import org.pathways.hub.receive.pull.powerschool.PowerSchoolPlugins;
import org.springframework.stereotype.Service;

/** Puts together a district's export kit, for its page and as a zip. Read-only. */
@Service
public class ExportKits {

  private static final ZoneId CENTRAL = ZoneId.of(ExportKit.ZONE);

  private final ProfileResolver profiles;
  private final DistrictRepository districts;
  private final Onboarding onboarding;
  private final SftpAccounts sftp;
  private final PowerSchoolPlugins powerSchool;
  private final Clock clock;
  private final Samples samples = new Samples();
  private final Map<String, Specification> specifications = new ConcurrentHashMap<>();

  public ExportKits(
      ProfileResolver profiles,
      DistrictRepository districts,
      Onboarding onboarding,
      SftpAccounts sftp,
      PowerSchoolPlugins powerSchool,
      Clock clock) {
    this.profiles = profiles;
    this.districts = districts;
    this.onboarding = onboarding;
    this.sftp = sftp;
    this.powerSchool = powerSchool;
    this.clock = clock;
  }

  /** The district's kit, with examples addressed to the hub as {@code connection} reaches it. */
  public ExportKit kit(District district, Connection connection) {
    Objects.requireNonNull(district, "district");
    Profile profile = profiles.forDistrict(district);
    Specification spec = specification(district.profileId());
    Integration integration = onboarding.integration(district);
    List<SampleFile> made = samples.of(profile, district.state());
    List<KitFile> files = new ArrayList<>();
    for (FileSpec f : profile.files()) {
      // IBC are Texas only: an Indiana district is neither asked for them nor waited for.
      if (f.dataSet() == DataSet.IBC && district.state() != State.TX) {
        continue;
      }
      SampleFile sample =
          made.stream()
              .filter(s -> s.dataSet() == f.dataSet() && Objects.equals(s.part(), f.part()))
              .findFirst()
              .orElse(null);
      files.add(
          new KitFile(
              f.label(),
              f.names(),
              f.header(),
              delimiterName(profile.delimiterOf(f)),
              spec.anchorFor(f).orElse(null),
              sample == null ? null : ExportKit.SAMPLES + sample.name(),
              sample == null ? 0 : sample.rows()));
    }
    return new ExportKit(
        district,
        profile,
        districts.profileOverride(district.code()).isPresent(),
        integration.method(),
        integration.deadline(),
        integration.deadlineIsDefault(),
        nextDeadline(integration),
        connection,
        sftp.list(district.code()).stream()
            .filter(SftpAccount::active)
            .map(SftpAccount::username)
            .toList(),
        files,
        spec.fileName(),
        spec.html());
  }

  /**
   * Writes the kit as a zip: {@code README.txt}, the specification's Markdown, the sample files
   * under {@code samples/} and, for a PowerSchool district, its plugin under {@code powerschool/}
   * (which records the plugin's version, as its own download does). Entries carry the samples' day
   * as their time, so the same kit gives the same zip.
   */
  public void writeZip(ExportKit kit, OutputStream out) throws IOException {
    Specification spec = specification(kit.district().profileId());
    FileTime time = FileTime.from(Samples.DAY.atStartOfDay(CENTRAL).toInstant());
    try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
      put(zip, "README.txt", Readme.text(kit), time);
      put(zip, spec.fileName(), spec.markdown(), time);
      for (SampleFile s : samples.of(kit.profile(), kit.district().state())) {
        put(zip, ExportKit.SAMPLES + s.name(), s.content(), time);
      }
      if (kit.powerSchool()) {
        GeneratedPlugin plugin = powerSchool.generate(kit.district());
        ZipEntry entry = new ZipEntry(ExportKit.POWERSCHOOL + plugin.fileName());
        entry.setLastModifiedTime(time);
        zip.putNextEntry(entry);
        zip.write(plugin.zip());
        zip.closeEntry();
      }
    }
  }

  private Specification specification(String profileId) {
    return specifications.computeIfAbsent(profileId, Specification::of);
  }

  private ZonedDateTime nextDeadline(Integration integration) {
    ZonedDateTime now = clock.instant().atZone(CENTRAL);
    ZonedDateTime today = now.toLocalDate().atTime(integration.deadline()).atZone(CENTRAL);
    return today.isAfter(now)
        ? today
        : now.toLocalDate().plusDays(1).atTime(integration.deadline()).atZone(CENTRAL);
  }

  private static void put(ZipOutputStream zip, String name, String content, FileTime time)
      throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setLastModifiedTime(time);
    zip.putNextEntry(entry);
    zip.write(content.getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
  }

  static String delimiterName(char delimiter) {
    return switch (delimiter) {
      case ',' -> "comma (,)";
      case '|' -> "pipe (|)";
      case '\t' -> "tab";
      case ';' -> "semicolon (;)";
      default -> "'" + delimiter + "'";
    };
  }
}
