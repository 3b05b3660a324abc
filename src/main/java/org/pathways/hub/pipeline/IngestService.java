package org.pathways.hub.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.district.Issue;
import org.pathways.hub.district.IssueCode;
import org.pathways.hub.district.Stage;
import org.pathways.hub.parse.ArchiveException;
import org.pathways.hub.parse.StreamSource;
import org.pathways.hub.parse.Unpacker;
import org.pathways.hub.profile.FileSpec;
import org.pathways.hub.profile.Profile;
import org.pathways.hub.vault.StoredFile;
import org.pathways.hub.vault.Vault;
import org.springframework.context.ApplicationEventPublisher;
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
  private final Clock clock;
  private final ApplicationEventPublisher events;

  public IngestService(
      DistrictRepository districts,
      ProfileResolver profiles,
      Vault vault,
      RunStore runs,
      RunProcessor processor,
      PipelineSettings settings,
      Clock clock,
      ApplicationEventPublisher events) {
    this.events = events;
    this.districts = districts;
    this.profiles = profiles;
    this.vault = vault;
    this.runs = runs;
    this.processor = processor;
    this.settings = settings;
    this.clock = clock;
  }

  /** A file as a channel hands it over. */
  public record Received(String district, String fileName, String channel, Instant receivedAt) {}

  /**
   * Stores and registers a file; its runs wait as {@code RECEIVED}. Returns the run ids in load
   * order.
   */
  public List<Long> receive(Received file, InputStream content) throws IOException {
    return register(file, content).stream().map(Registered::runId).toList();
  }

  /** A run opened for one data file, with its place in the load order. */
  private record Registered(long runId, int order) {}

  private List<Registered> register(Received file, InputStream content) throws IOException {
    District district = district(file);
    return register(file, district, vault.store(district.code(), file.fileName(), content));
  }

  /**
   * Registers a file a channel has already stored in the vault (as it streamed in); its runs wait
   * as {@code RECEIVED}. Returns the run ids in load order.
   */
  public List<Long> receiveStored(Received file, StoredFile stored) throws IOException {
    return register(file, district(file), stored).stream().map(Registered::runId).toList();
  }

  /**
   * A file made by the hub from a received one, such as a OneRoster zip's Standard Layout files.
   */
  public record Derived(String fileName, StoredFile stored) {}

  /**
   * Registers a received file that the pipeline does not read itself (a OneRoster zip) with the
   * files made from it: the received file is kept as received, with no run of its own, and each
   * derived file is a received file of the same channel with its runs. Returns the run ids in load
   * order.
   */
  public List<Long> receiveDerived(Received file, StoredFile raw, List<Derived> derived)
      throws IOException {
    District district = district(file);
    List<Registered> all = new ArrayList<>();
    try (LogContext logged = LogContext.district(district.code())) {
      long fileId =
          runs.addReceivedFile(
              district.code(), file.fileName(), file.channel(), raw, file.receivedAt());
      events.publishEvent(new FileReceived(fileId, district.code(), file.channel()));
    }
    for (Derived d : derived) {
      all.addAll(
          register(
              new Received(file.district(), d.fileName(), file.channel(), file.receivedAt()),
              district,
              d.stored()));
    }
    all.sort(Comparator.comparingInt(Registered::order));
    return all.stream().map(Registered::runId).toList();
  }

  /**
   * Registers a received file that cannot be read as a whole with one run, rejected at once with
   * {@code message}, so the district finds the reason where it finds every run's.
   */
  public List<Long> rejectStored(Received file, StoredFile stored, String message)
      throws IOException {
    District district = district(file);
    try (LogContext logged = LogContext.district(district.code())) {
      long fileId =
          runs.addReceivedFile(
              district.code(), file.fileName(), file.channel(), stored, file.receivedAt());
      events.publishEvent(new FileReceived(fileId, district.code(), file.channel()));
      long runId =
          runs.addRun(
              fileId,
              district.code(),
              file.fileName(),
              profiles.forDistrict(district).id(),
              file.receivedAt());
      var unused =
          processor.rejectWhole(
              runId,
              Stage.RECEIVE,
              Issue.file(org.pathways.hub.district.IssueCode.ARCHIVE_UNREADABLE, message),
              "1 error; first: " + org.pathways.hub.district.IssueCode.ARCHIVE_UNREADABLE);
      return List.of(runId);
    }
  }

  /** Stores a file in the vault without registering it. */
  public StoredFile store(String district, String fileName, InputStream content)
      throws IOException {
    return vault.store(district, fileName, content);
  }

  /** Removes a stored file that was never registered. */
  public void delete(StoredFile stored) throws IOException {
    vault.delete(stored);
  }

  /** Opens a stored file. */
  public InputStream open(StoredFile stored) throws IOException {
    return vault.open(stored);
  }

  /** The archive limits every received file is read under. */
  public org.pathways.hub.parse.ArchiveLimits archiveLimits() {
    return settings.archiveLimits();
  }

  private District district(Received file) {
    return districts
        .find(file.district())
        .orElseThrow(
            () -> new IllegalArgumentException("Unknown district '" + file.district() + "'"));
  }

  private List<Registered> register(Received file, District district, StoredFile stored)
      throws IOException {
    try (LogContext logged = LogContext.district(district.code())) {
      return registerRuns(file, district, stored);
    }
  }

  private List<Registered> registerRuns(Received file, District district, StoredFile stored)
      throws IOException {
    Profile profile = profiles.forDistrict(district);
    long fileId =
        runs.addReceivedFile(
            district.code(), file.fileName(), file.channel(), stored, file.receivedAt());
    events.publishEvent(new FileReceived(fileId, district.code(), file.channel()));
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
      var unused =
          processor.rejectWhole(
              runId,
              Stage.RECEIVE,
              Issue.file(e.code(), e.getMessage()),
              "1 error; first: " + e.code());
      return List.of(new Registered(runId, Integer.MAX_VALUE));
    }
    entries.sort(Comparator.comparingInt(name -> order(profile, name)));
    List<Registered> out = new ArrayList<>();
    for (String entry : entries) {
      out.add(
          new Registered(
              runs.addRun(fileId, district.code(), entry, profile.id(), file.receivedAt()),
              order(profile, entry)));
    }
    return out;
  }

  /**
   * Records a file a channel could not fetch (a pull from the district's SIS that failed) as a run
   * rejected at the receive stage, with its data set, so that the night, the runs page and the
   * alerts report it as they report a rejected file, and the data set's live snapshot stays. An
   * empty file is stored in its place: nothing of what was fetched reaches the pipeline, and a run
   * has a received file like any other.
   */
  public RunSummary receiveFailed(Received file, FileSpec spec, String message) throws IOException {
    District district = district(file);
    try (LogContext logged = LogContext.district(district.code())) {
      Profile profile = profiles.forDistrict(district);
      StoredFile stored =
          vault.store(district.code(), file.fileName(), InputStream.nullInputStream());
      long fileId =
          runs.addReceivedFile(
              district.code(), file.fileName(), file.channel(), stored, file.receivedAt());
      long runId =
          runs.addRun(fileId, district.code(), file.fileName(), profile.id(), file.receivedAt());
      return processor
          .rejectWhole(
              runId, Stage.RECEIVE, spec, Issue.file(IssueCode.PULL_FAILED, message), message)
          .or(() -> runs.summary(runId, 100))
          .orElseThrow();
    }
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
    List<Registered> all = new ArrayList<>();
    for (Incoming in : files) {
      try (InputStream content = in.content().open()) {
        all.addAll(register(in.file(), content));
      }
    }
    // A stable sort: within one data set, files keep the order they were given in.
    all.sort(Comparator.comparingInt(Registered::order));
    return process(all.stream().map(Registered::runId).toList(), progress);
  }

  /** Processes received runs in the order given, each in its own transaction. */
  public List<RunSummary> process(List<Long> ids, LongConsumer progress) {
    List<RunSummary> out = new ArrayList<>();
    for (long id : ids) {
      Optional<RunSummary> done = processor.process(id, progress);
      out.add(done.or(() -> runs.summary(id, 100)).orElseThrow());
    }
    return out;
  }

  /**
   * A received file with runs still waiting.
   *
   * @param runs its waiting runs, in load order
   */
  public record Waiting(Received file, List<Long> runs) {
    public Waiting {
      runs = List.copyOf(runs);
    }
  }

  /** Files a worker may take now, oldest first; see {@link RunStore#waiting}. */
  public List<Waiting> waiting(int max) {
    return runs.waiting(max);
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
}
