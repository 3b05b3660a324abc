package org.pathways.hub.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pathways.hub.district.Central;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.district.State;
import org.pathways.hub.generate.DistrictGenerator;
import org.pathways.hub.generate.GenerateSummary;
import org.pathways.hub.generate.NativeWriter;
import org.pathways.hub.monitor.Nights;
import org.pathways.hub.onboarding.Integration;
import org.pathways.hub.onboarding.TransferMethod;
import org.pathways.hub.pipeline.IngestService;
import org.pathways.hub.pipeline.RunSummary;
import org.pathways.hub.profile.Profile;
import org.pathways.hub.profile.ProfileCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Gives a newcomer something real to look at: four districts on four SIS profiles, each with four
 * nights of sends through the real pipeline, the last of them last night: a first load, an
 * unchanged resend, a night with withdrawals and a grades file with a duplicated row, and a last
 * night that differs by district (on time; a truncated file the volume guard holds; one file that
 * never came), so the overview shows districts that need attention beside ones that do not. Seeded
 * once; a second start finds the districts and leaves them alone.
 */
@Component
@Order(10)
@ConditionalOnProperty(name = "hub.demo", havingValue = "true")
public class DemoSeeder implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(DemoSeeder.class);
  private static final ZoneId CENTRAL = Central.ZONE;

  /** How a demo district's last night went. */
  enum LastNight {
    /** Every file came, the grades history corrected. */
    ON_TIME,
    /** The students export was cut short: the volume guard holds it, and it needs a decision. */
    HELD,
    /** Every file but one came; the missing one is what the monitor shows. */
    ONE_FILE_MISSING
  }

  /** A demo district. */
  record Demo(
      String code,
      String name,
      State state,
      String profile,
      int students,
      long seed,
      LastNight lastNight) {}

  static final List<Demo> DISTRICTS =
      List.of(
          new Demo(
              "grand-bend-isd",
              "Grand Bend ISD",
              State.TX,
              "skyward-sms-tx",
              300,
              255901,
              LastNight.HELD),
          new Demo(
              "riverside-isd",
              "Riverside ISD",
              State.TX,
              "ascender-tx",
              250,
              101912,
              LastNight.ON_TIME),
          new Demo(
              "lakeview-schools",
              "Lakeview Community Schools",
              State.IN,
              "powerschool-in",
              250,
              5385,
              LastNight.ONE_FILE_MISSING),
          new Demo(
              "harmony-academy",
              "Harmony Academy",
              State.IN,
              "harmony-in",
              200,
              9240,
              LastNight.ON_TIME));

  private final DistrictRepository districts;
  private final IngestService ingest;
  private final ProfileCatalog profiles;
  private final Clock clock;

  public DemoSeeder(
      DistrictRepository districts, IngestService ingest, ProfileCatalog profiles, Clock clock) {
    this.districts = districts;
    this.ingest = ingest;
    this.profiles = profiles;
    this.clock = clock;
  }

  @Override
  public void run(ApplicationArguments args) throws IOException {
    Path work = Files.createTempDirectory("hub-demo-");
    try {
      for (Demo demo : DISTRICTS) {
        if (districts.find(demo.code()).isEmpty()) {
          seed(demo, work.resolve(demo.code()));
        }
      }
    } finally {
      deleteTree(work);
    }
  }

  private void seed(Demo demo, Path dir) throws IOException {
    Profile profile = profiles.get(demo.profile());
    districts.add(
        new District(
            demo.code(),
            demo.name(),
            demo.state(),
            demo.profile(),
            District.DEFAULT_HOLD_THRESHOLD_PERCENT));
    // The nights end with the latest one whose deadline has passed, so that the overview's "last
    // night" is one the demo sent.
    LocalDate last = Nights.lastNight(clock.instant(), Integration.defaultDeadline(profile.sis()));
    LocalDate first = last.minusDays(3);
    GenerateSummary files =
        NativeWriter.dated(first)
            .write(
                profile,
                new DistrictGenerator(demo.state(), demo.students(), demo.seed(), first).generate(),
                dir.resolve("night1"));
    List<Path> all = files.files().stream().map(f -> files.outDir().resolve(f.fileName())).toList();
    Path students = fileOf(files, DataSet.STUDENTS);
    Path history = fileOf(files, DataSet.GRADES);
    boolean header =
        profile.files().stream()
            .filter(f -> f.dataSet() == DataSet.STUDENTS)
            .findFirst()
            .orElseThrow()
            .header();

    int loaded = 0;
    // Each file comes the way the district's SIS usually sends it.
    String channel = channel(TransferMethod.defaultFor(profile.sis()));
    loaded += send(demo, channel, first, first, all);
    // Night 2: the scheduler sends the same files again; each is recognised and not applied twice.
    send(demo, channel, first, first.plusDays(1), all);
    // Night 3: a few students withdrew (removed from the export), and the grades file repeats a
    // row, which rejects it; every other file is the same again.
    Path night3 = Files.createDirectories(dir.resolve("night3"));
    Path fewer =
        write(night3.resolve(students.getFileName()), dropEvery(read(students), 40, header));
    Path repeated = write(night3.resolve(history.getFileName()), repeatRow(read(history), header));
    send(
        demo,
        channel,
        first,
        first.plusDays(2),
        replace(all, Map.of(students, fewer, history, repeated)));
    // Night 4, last night: the grades file is corrected (the first night's again), and the rest
    // depends on the district.
    List<Path> lastFiles = replace(all, Map.of(students, fewer));
    switch (demo.lastNight()) {
      case ON_TIME -> {
        // every file, as the night before
      }
      case HELD -> {
        // An export cut short would deactivate half the district; the guard holds it.
        List<String> lines = read(fewer);
        Path half =
            write(
                Files.createDirectories(dir.resolve("night4")).resolve(students.getFileName()),
                lines.subList(0, lines.size() / 2));
        lastFiles = replace(all, Map.of(students, half));
      }
      case ONE_FILE_MISSING -> {
        Path missing = fileOf(files, DataSet.COURSE_REQUESTS);
        lastFiles = lastFiles.stream().filter(f -> !f.equals(missing)).toList();
      }
    }
    send(demo, channel, first, last, lastFiles);
    log.info(
        "Demo district {} seeded on profile {} ({} files loaded on the first night)",
        demo.code(),
        demo.profile(),
        loaded);
  }

  /** The channel a file sent by {@code method} is received on. */
  private static String channel(TransferMethod method) {
    return switch (method) {
      case SFTP -> "sftp";
      case API -> "api";
      case MANUAL -> "portal";
    };
  }

  /**
   * Sends a night's files as the district's scheduler would.
   *
   * @param written the night the files were written for, which their names carry
   */
  private int send(Demo demo, String channel, LocalDate written, LocalDate night, List<Path> files)
      throws IOException {
    // Districts' schedulers send shortly after 1 a.m. Central.
    java.time.Instant at =
        night.plusDays(1).atTime(LocalTime.of(1, 20)).atZone(CENTRAL).toInstant();
    List<IngestService.Incoming> incoming = new ArrayList<>();
    for (Path f : files) {
      // The files were written dated the first night; each night's export carries its own date.
      String name =
          f.getFileName()
              .toString()
              .replace(NativeWriter.dateSuffix(written), NativeWriter.dateSuffix(night));
      incoming.add(
          new IngestService.Incoming(
              new IngestService.Received(demo.code(), name, channel, at),
              () -> Files.newInputStream(f)));
    }
    List<RunSummary> runs = ingest.ingestAll(incoming, b -> {});
    return (int) runs.stream().filter(r -> r.status().applied()).count();
  }

  private static Path fileOf(GenerateSummary files, DataSet ds) {
    return files.files().stream()
        .filter(f -> f.dataSet() == ds)
        .map(f -> files.outDir().resolve(f.fileName()))
        .findFirst()
        .orElseThrow();
  }

  /** The files with some of them replaced, in the same order. */
  private static List<Path> replace(List<Path> files, Map<Path, Path> by) {
    return files.stream().map(f -> by.getOrDefault(f, f)).toList();
  }

  private static List<String> dropEvery(List<String> lines, int n, boolean header) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if ((header && i == 0) || i % n != 7) {
        out.add(lines.get(i));
      }
    }
    return out;
  }

  private static List<String> repeatRow(List<String> lines, boolean header) {
    List<String> out = new ArrayList<>(lines);
    out.add(lines.get(header ? 5 : 4));
    return out;
  }

  private static List<String> read(Path p) {
    try {
      return Files.readAllLines(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path write(Path p, List<String> lines) throws IOException {
    Files.write(p, lines, StandardCharsets.UTF_8);
    return p;
  }

  private static void deleteTree(Path root) throws IOException {
    try (var walk = Files.walk(root)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
