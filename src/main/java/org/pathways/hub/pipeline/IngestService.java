package org.pathways.hub.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.district.Issue;
import org.pathways.hub.district.Issues;
import org.pathways.hub.district.Stage;
import org.pathways.hub.parse.ArchiveException;
import org.pathways.hub.parse.StreamSource;
import org.pathways.hub.parse.Unpacker;
import org.pathways.hub.profile.FileSpec;
import org.pathways.hub.profile.Profile;
import org.pathways.hub.vault.StoredFile;
import org.pathways.hub.vault.Vault;
import org.springframework.stereotype.Service;

/**
 * The entrance of the pipeline for every channel: stores a received file in the vault, opens one
 * run per data file in it, and processes the runs in the order their references need (students and
 * courses before grades).
 */
@Service
public class IngestService {

  private final DistrictRepository districts;
  private final ProfileResolver profiles;
  private final Vault vault;
  private final RunStore runs;
  private final RunProcessor processor;
  private final PipelineSettings settings;
  private final DataSource dataSource;
  private final Clock clock;

  public IngestService(
      DistrictRepository districts,
      ProfileResolver profiles,
      Vault vault,
      RunStore runs,
      RunProcessor processor,
      PipelineSettings settings,
      DataSource dataSource,
      Clock clock) {
    this.districts = districts;
    this.profiles = profiles;
    this.vault = vault;
    this.runs = runs;
    this.processor = processor;
    this.settings = settings;
    this.dataSource = dataSource;
    this.clock = clock;
  }

  /** A file as a channel hands it over. */
  public record Received(String district, String fileName, String channel, Instant receivedAt) {}

  /**
   * Stores and registers a file; its runs wait as {@code RECEIVED}. Returns the run ids in load
   * order.
   */
  public List<Long> receive(Received file, InputStream content) throws IOException {
    District district =
        districts
            .find(file.district())
            .orElseThrow(
                () -> new IllegalArgumentException("Unknown district '" + file.district() + "'"));
    Profile profile = profiles.forDistrict(district);
    StoredFile stored = vault.store(district.code(), file.fileName(), content);
    long fileId =
        runs.addReceivedFile(
            district.code(), file.fileName(), file.channel(), stored, file.receivedAt());
    Unpacker unpacker = new Unpacker(settings.archiveLimits());
    StreamSource raw = () -> vault.open(stored);
    List<String> entries = new ArrayList<>();
    try {
      for (Unpacker.Entry e : unpacker.entries(file.fileName(), raw)) {
        entries.add(e.name());
      }
    } catch (ArchiveException e) {
      long runId =
          runs.addRun(fileId, district.code(), file.fileName(), profile.id(), file.receivedAt());
      rejectArchive(runId, e);
      return List.of(runId);
    }
    entries.sort(Comparator.comparingInt(name -> order(profile, name)));
    List<Long> ids = new ArrayList<>();
    for (String entry : entries) {
      ids.add(runs.addRun(fileId, district.code(), entry, profile.id(), file.receivedAt()));
    }
    return ids;
  }

  /** Receives a file and processes its runs now. */
  public List<RunSummary> ingest(Received file, InputStream content, LongConsumer progress)
      throws IOException {
    return process(receive(file, content), progress);
  }

  /** A file and where to read it. */
  public record Incoming(Received file, StreamSource content) {}

  /**
   * Receives several files of one delivery, then processes all their runs in load order, so
   * students and courses sent as separate files are live before the grades that name them.
   */
  public List<RunSummary> ingestAll(List<Incoming> files, LongConsumer progress)
      throws IOException {
    List<long[]> ordered = new ArrayList<>();
    for (Incoming in : files) {
      District district =
          districts
              .find(in.file().district())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "Unknown district '" + in.file().district() + "'"));
      Profile profile = profiles.forDistrict(district);
      List<Long> ids;
      try (InputStream content = in.content().open()) {
        ids = receive(in.file(), content);
      }
      for (long id : ids) {
        String entry = runs.summary(id, 0).orElseThrow().file();
        ordered.add(new long[] {order(profile, entry), id});
      }
    }
    ordered.sort(Comparator.<long[]>comparingLong(o -> o[0]).thenComparingLong(o -> o[1]));
    return process(ordered.stream().map(o -> o[1]).toList(), progress);
  }

  private List<RunSummary> process(List<Long> ids, LongConsumer progress) {
    List<RunSummary> out = new ArrayList<>();
    for (long id : ids) {
      Optional<RunSummary> done = processor.process(id, progress);
      out.add(done.or(() -> runs.summary(id, 100)).orElseThrow());
    }
    return out;
  }

  public Received now(String district, String fileName, String channel) {
    return new Received(district, fileName, channel, clock.instant());
  }

  private int order(Profile profile, String entryName) {
    return Detector.byName(profile, entryName)
        .map(FileSpec::dataSet)
        .map(DataSet::loadOrder)
        .orElse(Integer.MAX_VALUE);
  }

  private void rejectArchive(long runId, ArchiveException e) {
    try (Connection conn = dataSource.getConnection()) {
      conn.setAutoCommit(false);
      Issues issues = new Issues(10, 10, c -> c.defaultSeverity());
      issues.add(Issue.file(e.code(), e.getMessage()));
      var unused = runs.lock(conn, runId, RunStatus.RECEIVED).orElseThrow();
      runs.finish(
          conn,
          runId,
          new RunStore.Outcome(
              RunStatus.REJECTED,
              Stage.RECEIVE,
              null,
              null,
              null,
              0,
              null,
              issues,
              "1 error; first: " + e.code(),
              null,
              null,
              null,
              null));
      conn.commit();
    } catch (SQLException ex) {
      throw new IllegalStateException(ex);
    }
  }
}
