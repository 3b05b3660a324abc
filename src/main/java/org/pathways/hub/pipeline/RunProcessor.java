package org.pathways.hub.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.district.Issue;
import org.pathways.hub.district.IssueCode;
import org.pathways.hub.district.Issues;
import org.pathways.hub.district.Severity;
import org.pathways.hub.district.Stage;
import org.pathways.hub.load.Change;
import org.pathways.hub.load.Diff;
import org.pathways.hub.load.StagingSession;
import org.pathways.hub.parse.ArchiveException;
import org.pathways.hub.parse.CanonicalRow;
import org.pathways.hub.parse.FileParser;
import org.pathways.hub.parse.StreamSource;
import org.pathways.hub.parse.TextSniff;
import org.pathways.hub.parse.Unpacker;
import org.pathways.hub.profile.FileSpec;
import org.pathways.hub.profile.Profile;
import org.pathways.hub.profile.Tolerance;
import org.pathways.hub.validate.ReferenceCodes;
import org.pathways.hub.validate.RowValidator;
import org.pathways.hub.vault.Vault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Takes one run from {@code RECEIVED} to its outcome: detect, parse, validate, stage, diff, then
 * load, hold or reject. Everything happens in one database transaction that starts by locking the
 * run's row, so two nodes never process the same run, and a crash anywhere leaves the old snapshot
 * and a run still {@code RECEIVED}, which {@link #resumePending()} picks up again.
 */
@Component
public class RunProcessor {

  private static final Logger log = LoggerFactory.getLogger(RunProcessor.class);
  private static final int MAX_ATTEMPTS = 3;

  /** Records of each kind kept with a held run to show what releasing it would change. */
  static final int HELD_EXAMPLES = 10;

  private final DataSource dataSource;
  private final RunStore runs;
  private final DistrictRepository districts;
  private final ProfileResolver profiles;
  private final Vault vault;
  private final ReferenceCodes refs;

  /** The code tables in the form a file's line seed takes them: the same for every run. */
  private final String codeTables;

  private final PipelineSettings settings;
  private final java.time.Clock clock;
  private final ApplicationEventPublisher events;

  public RunProcessor(
      DataSource dataSource,
      RunStore runs,
      DistrictRepository districts,
      ProfileResolver profiles,
      Vault vault,
      ReferenceCodes refs,
      PipelineSettings settings,
      java.time.Clock clock,
      ApplicationEventPublisher events) {
    this.clock = clock;
    this.events = events;
    this.dataSource = dataSource;
    this.runs = runs;
    this.districts = districts;
    this.profiles = profiles;
    this.vault = vault;
    this.refs = refs;
    this.codeTables = refs.canonical();
    this.settings = settings;
  }

  /** How a run is being processed. */
  enum Mode {
    /** A new file: the volume guard applies. */
    NIGHTLY,
    /** An engineer releases a held file: the guard has been answered. */
    RELEASE
  }

  /** Processes every run left waiting, such as those a crash interrupted. */
  public int resumePending() {
    int n = 0;
    for (long id : runs.pending()) {
      if (process(id, read -> {}).isPresent()) {
        n++;
      }
    }
    return n;
  }

  /** Processes a received run; empty if another process holds it or it is no longer waiting. */
  public Optional<RunSummary> process(long runId, LongConsumer progress) {
    return process(runId, Mode.NIGHTLY, null, null, progress);
  }

  Optional<RunSummary> process(
      long runId, Mode mode, String decidedBy, String reason, LongConsumer progress) {
    try (LogContext logged = LogContext.run(runId)) {
      Optional<RunSummary> done;
      if (mode == Mode.NIGHTLY) {
        Optional<Long> before = earlierOfTheSameData(runId);
        if (before.isPresent()) {
          log.info(
              "Run {} waits for run {}, an earlier file of the same data", runId, before.get());
          return Optional.empty();
        }
        Optional<Integer> attempt = runs.countAttempt(runId);
        if (attempt.isEmpty()) {
          return Optional.empty();
        }
        done =
            attempt.get() > MAX_ATTEMPTS
                ? giveUp(runId)
                : processLocked(runId, mode, decidedBy, reason, progress);
      } else {
        done = processLocked(runId, mode, decidedBy, reason, progress);
      }
      done.ifPresent(run -> events.publishEvent(RunFinished.of(run)));
      return done;
    }
  }

  /**
   * A waiting run of an earlier file of the district that names the same data set and part, if any.
   * A file handed straight to a worker could otherwise overtake one that is still waiting (a failed
   * attempt waiting for the next, one another node or the start-up recovery is loading), and the
   * older file, published last, would replace the newer snapshot. Files of other data sets may pass
   * each other: a delivery is loaded in reference order, not in the order it was named.
   */
  private Optional<Long> earlierOfTheSameData(long runId) {
    List<RunStore.Named> named = runs.withEarlierWaiting(runId);
    if (named.size() < 2) {
      return Optional.empty();
    }
    Profile profile = profiles.forDistrict(districts.find(named.get(0).district()).orElseThrow());
    Optional<FileSpec> self = Detector.byName(profile, named.get(0).entryName());
    if (self.isEmpty()) {
      return Optional.empty();
    }
    for (RunStore.Named earlier : named.subList(1, named.size())) {
      Optional<FileSpec> spec = Detector.byName(profile, earlier.entryName());
      if (spec.isPresent()
          && spec.get().dataSet() == self.get().dataSet()
          && Objects.equals(spec.get().part(), self.get().part())) {
        return Optional.of(earlier.runId());
      }
    }
    return Optional.empty();
  }

  private Optional<RunSummary> processLocked(
      long runId, Mode mode, String decidedBy, String reason, LongConsumer progress) {
    LogContext logged = null;
    try (Connection conn = dataSource.getConnection()) {
      conn.setAutoCommit(false);
      try {
        Optional<RunStore.PendingRun> locked =
            runs.lock(conn, runId, mode == Mode.RELEASE ? RunStatus.HELD : RunStatus.RECEIVED);
        if (locked.isEmpty()) {
          conn.rollback();
          return Optional.empty();
        }
        RunStore.PendingRun run = locked.get();
        if (run.purge() != null) {
          throw new IllegalArgumentException(purged(run));
        }
        logged = LogContext.district(run.district());
        District district = districts.find(run.district()).orElseThrow();
        Profile profile = profiles.forDistrict(district);
        Savepoint beforeData = conn.setSavepoint();
        RunStore.Outcome outcome =
            run(conn, run, district, profile, mode, decidedBy, reason, progress);
        if (!outcome.status().applied() && outcome.status() != RunStatus.DUPLICATE) {
          conn.rollback(beforeData);
        }
        runs.finish(conn, runId, outcome);
        conn.commit();
        log.info("Run {} ({}): {}", runId, outcome.dataSet(), outcome.status());
        return runs.summary(runId, 100);
      } catch (SQLException | IOException | RuntimeException e) {
        conn.rollback();
        throw e;
      }
    } catch (SQLException | IOException e) {
      // Transient: the run stays RECEIVED and is tried again, up to MAX_ATTEMPTS.
      log.warn("Run {} could not be processed and stays waiting: {}", runId, e.toString());
      throw new IllegalStateException(
          "Run " + runId + " could not be processed: " + e.getMessage(), e);
    } finally {
      if (logged != null) {
        logged.close();
      }
    }
  }

  private static String purged(RunStore.PendingRun run) {
    return "The raw file of run "
        + run.id()
        + " ("
        + run.fileName()
        + ") was purged from the vault on "
        + run.purge().at()
        + " by "
        + run.purge().by()
        + " ("
        + run.purge().reason()
        + "), so the run can no longer be processed; ask the district to send the file again";
  }

  private Optional<RunSummary> giveUp(long runId) {
    log.error("Run {} failed {} times and is rejected", runId, MAX_ATTEMPTS);
    return rejectLocked(
        runId,
        Stage.LOAD,
        null,
        Issue.file(
            IssueCode.SYSTEM_ERROR,
            "The hub failed to process this file "
                + MAX_ATTEMPTS
                + " times; an engineer has been asked to look. Nothing was changed."),
        "Failed " + MAX_ATTEMPTS + " times");
  }

  /**
   * Rejects a waiting run for one reason that concerns its whole file, without reading it: an
   * archive that cannot be opened, or a run that keeps failing.
   */
  Optional<RunSummary> rejectWhole(long runId, Stage stage, Issue issue, String message) {
    return rejectWhole(runId, stage, null, issue, message);
  }

  /** Rejects a run whose data set is known without reading it, as a failed pull's. */
  Optional<RunSummary> rejectWhole(
      long runId, Stage stage, FileSpec file, Issue issue, String message) {
    try (LogContext logged = LogContext.run(runId)) {
      Optional<RunSummary> done = rejectLocked(runId, stage, file, issue, message);
      done.ifPresent(run -> events.publishEvent(RunFinished.of(run)));
      return done;
    }
  }

  private Optional<RunSummary> rejectLocked(
      long runId, Stage stage, FileSpec file, Issue issue, String message) {
    try (Connection conn = dataSource.getConnection()) {
      conn.setAutoCommit(false);
      if (runs.lock(conn, runId, RunStatus.RECEIVED).isEmpty()) {
        conn.rollback();
        return Optional.empty();
      }
      Issues issues = new Issues(1, 1, IssueCode::defaultSeverity);
      issues.add(issue);
      runs.finish(
          conn,
          runId,
          new RunStore.Outcome(
              RunStatus.REJECTED,
              stage,
              file == null ? null : file.dataSet().id(),
              file == null ? null : file.part(),
              null,
              0,
              null,
              issues,
              message,
              null,
              null,
              null,
              null,
              List.of()));
      conn.commit();
      return runs.summary(runId, 100);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private RunStore.Outcome run(
      Connection conn,
      RunStore.PendingRun run,
      District district,
      Profile profile,
      Mode mode,
      String decidedBy,
      String reason,
      LongConsumer progress)
      throws SQLException, IOException {
    Issues issues =
        new Issues(settings.issuesKept(), settings.issuesKeptPerCode(), profile::severityOf);
    Unpacker unpacker = new Unpacker(settings.archiveLimits());
    StreamSource raw = () -> vault.open(run.stored());
    Outcome o = new Outcome(issues, decidedBy, reason, clock.instant());
    OpenLoad early = null;
    try {
      StreamSource source = entry(unpacker, run, raw);
      // A file read as received has the checksum the vault took as it arrived, and one whose name
      // tells its data set needs nothing of the pass below to be compared with the last one.
      boolean archive = Unpacker.isArchive(run.fileName());
      Optional<FileSpec> named = Detector.byName(profile, run.entryName());
      boolean knownBeforeReading = named.isPresent() && !archive;
      Optional<RunStore.Delivered> last = Optional.empty();
      TextSniff sniff;
      try (SniffAhead ahead = SniffAhead.start(source, archive ? null : run.stored().sha256())) {
        // While the file is read through, the load it will most likely need is opened: the
        // district's live records are read for the comparison. Not for a file that looks like
        // the last one sent, which is most likely recognised without reading anything.
        if (knownBeforeReading && mode == Mode.NIGHTLY) {
          last = lastDelivered(conn, run, named.get(), run.stored().sha256());
        }
        if (knownBeforeReading && !last.map(RunStore.Delivered::sameContent).orElse(false)) {
          early = openLoad(conn, run, district, profile, named.get());
        }
        sniff = ahead.join();
      }
      o.sha = sniff.sha256();
      if (sniff.bytes() == 0) {
        issues.add(
            Issue.file(
                IssueCode.EMPTY_FILE,
                "The file "
                    + run.entryName()
                    + " is empty (0 bytes). Check that the export ran before it was sent; yesterday's data stays live."));
        return o.reject(Stage.PARSE);
      }
      if (sniff.binary()) {
        issues.add(
            Issue.file(
                IssueCode.BINARY_CONTENT,
                "The file "
                    + run.entryName()
                    + " is not text (it holds binary data, such as a spreadsheet or an image). Export the data as a pipe-separated or comma-separated text file."));
        return o.reject(Stage.PARSE);
      }
      if (sniff.fellBack()) {
        issues.add(
            Issue.file(
                IssueCode.ENCODING_FALLBACK,
                "The file is not UTF-8 (first byte that is not, at offset "
                    + sniff.firstInvalidOffset()
                    + "); it was read as Windows-1252. Check that names with accents look right, and export as UTF-8 to be sure."));
      }
      Optional<FileSpec> spec = named;
      if (spec.isEmpty()) {
        spec = Detector.byHeader(profile, source, sniff);
      }
      if (spec.isEmpty()) {
        Optional<DataSet> announced = Detector.announced(profiles.standard(), run.entryName());
        if (announced.isPresent() && !profile.expects(announced.get())) {
          issues.add(
              Issue.file(
                  IssueCode.DATASET_NOT_EXPECTED,
                  "The file "
                      + run.entryName()
                      + " looks like "
                      + announced.get().id()
                      + " data, which the "
                      + profile.name()
                      + " profile does not send. Remove it from the export, or ask your integration engineer to add it to your district's profile."));
        } else {
          issues.add(
              Issue.file(
                  IssueCode.UNKNOWN_FILE,
                  "The hub cannot tell which data set "
                      + run.entryName()
                      + " holds: its name matches none of the "
                      + profile.name()
                      + " file names ("
                      + namesOf(profile)
                      + ") and its header matches none of its layouts. Rename the file as its layout says."));
        }
        return o.reject(Stage.DETECT);
      }
      FileSpec file = spec.get();
      o.dataSet = file.dataSet().id();
      o.part = file.part();
      if (mode == Mode.NIGHTLY) {
        if (!knownBeforeReading) {
          last = lastDelivered(conn, run, file, o.sha);
        }
        if (last.isPresent() && last.get().sameContent()) {
          issues.add(
              Issue.file(
                  IssueCode.DUPLICATE_FILE,
                  "This file is the same, byte for byte, as run "
                      + last.get().runId()
                      + "'s; it was recognised and not applied again."));
          o.duplicateOf = last.get().runId();
          o.status = RunStatus.DUPLICATE;
          o.message = "Same as run " + last.get().runId();
          return o.finish(Stage.LOAD);
        }
      } else if (runs.appliedAfter(conn, run.id(), run.district(), o.dataSet, o.part)) {
        throw new IllegalStateException(
            "Run "
                + run.id()
                + " cannot be released: a newer "
                + file.label()
                + " file has been loaded since it was held, and releasing it would bring back older data. Discard it instead.");
      }
      OpenLoad opened = early;
      early = null;
      return stageAndLoad(
          conn, run, district, profile, file, source, sniff, mode, progress, o, opened);
    } catch (ArchiveException e) {
      issues.add(Issue.file(e.code(), e.getMessage()));
      return o.reject(Stage.RECEIVE);
    } finally {
      if (early != null) {
        early.staging().close();
      }
    }
  }

  /** The district's last good file of this data set and part, and whether it had these bytes. */
  private Optional<RunStore.Delivered> lastDelivered(
      Connection conn, RunStore.PendingRun run, FileSpec file, String sha256) throws SQLException {
    return runs.lastDelivered(conn, run.district(), file.dataSet().id(), file.part(), sha256);
  }

  /**
   * A load opened for a file: its staging session, and the district's recent good files of the data
   * set, which size the session and which the file is checked against.
   */
  private record OpenLoad(StagingSession staging, RunStore.History history) {}

  /** Opens the load of a file: the data set's lock, and what its rows are checked against. */
  private OpenLoad openLoad(
      Connection conn, RunStore.PendingRun run, District district, Profile profile, FileSpec file)
      throws SQLException {
    RunStore.History history = runs.history(conn, run.district(), file.dataSet().id(), file.part());
    StagingSession staging =
        new StagingSession(
            conn,
            file.dataSet(),
            district.code(),
            run.id(),
            file.scope(),
            profile.expects(DataSet.STUDENTS),
            profile.expects(DataSet.COURSE_CROSSWALK),
            history.last() == null ? 0 : history.last().rows());
    return new OpenLoad(staging, history);
  }

  private RunStore.Outcome stageAndLoad(
      Connection conn,
      RunStore.PendingRun run,
      District district,
      Profile profile,
      FileSpec file,
      StreamSource source,
      TextSniff sniff,
      Mode mode,
      LongConsumer progress,
      Outcome o,
      OpenLoad opened)
      throws SQLException, IOException {
    Issues issues = o.issues;
    RowValidator validator = new RowValidator(file, district.state(), profile.dateFormats(), refs);
    FileParser parser = new FileParser(file, profile.delimiterOf(file), settings.maxRecordChars());
    FileParser.Result parsed;
    OpenLoad load = opened != null ? opened : openLoad(conn, run, district, profile, file);
    RunStore.History history = load.history();
    boolean checkCourses = profile.expects(DataSet.COURSE_CROSSWALK);
    try (StagingSession staging = load.staging();
        InputStream in = new Progress(source.open(), progress)) {
      Anomalies.LeadingZeros zeros =
          new Anomalies.LeadingZeros(
              run.entryName(),
              staging.paddedFields(),
              f -> validator.columnName(file.dataSet().indexOf(f)),
              issues);
      staging.onShortId(zeros);
      in.skipNBytes(sniff.bomBytes());
      Reader text = new InputStreamReader(in, sniff.charset());
      Consumer<CanonicalRow> hash = staging.hashAhead();
      long seed =
          LineSeed.of(
              file,
              profile,
              district.state(),
              sniff.charset(),
              profile.expects(DataSet.STUDENTS),
              checkCourses,
              codeTables);
      parsed =
          parser.parse(
              text,
              issues,
              validator::validate,
              hash,
              staging.knownLines(seed, issues),
              row -> staging.add(row, issues));
      o.rows = parsed.dataRows() + parsed.skippedRecords();
      // Said even when the file is refused: a renamed column is often why a required one is
      // missing.
      Anomalies.header(run.entryName(), file, parsed.header(), history).ifPresent(issues::add);
      if (!parsed.readable()) {
        return o.reject(Stage.PARSE);
      }
      staging.finishStaging(issues);
      Long courseMissing =
          checkCourses
                  && file.dataSet().indexOf("local_course_id") >= 0
                  && file.dataSet() != DataSet.COURSE_CROSSWALK
              ? issues.count(IssueCode.UNKNOWN_COURSE)
              : null;
      if (courseMissing != null) {
        Anomalies.missingCourses(run.entryName(), file, o.rows, courseMissing, history)
            .ifPresent(issues::add);
      }
      zeros.finish(o.rows);
      boolean rowErrors = issues.errors() > 0;
      if (issues.hasFileLevelError()
          || (rowErrors && profile.tolerance() == Tolerance.REJECT_FILE)) {
        return o.reject(Stage.VALIDATE);
      }
      if (parsed.dataRows() == 0 && parsed.skippedRecords() == 0) {
        issues.add(
            Issue.file(
                IssueCode.NO_DATA_ROWS,
                "The "
                    + file.label()
                    + " file has a header but no data rows. Applying it would remove every record, so it is held for an engineer to review; yesterday's data stays live. Check the export's filters."));
        o.examples = staging.examples(HELD_EXAMPLES);
        return o.hold(null, "No data rows");
      }
      Diff diff = staging.diff();
      o.diff = diff;
      boolean guard =
          mode == Mode.NIGHTLY && diff.deactivatedPercent() > district.holdThresholdPercent();
      // Once an engineer releases a held file the volume has been answered, as for the guard.
      Optional<Issue> volume =
          mode == Mode.NIGHTLY
              ? Anomalies.volume(run.entryName(), file, o.rows, sniff.bytes(), history, !guard)
              : Optional.empty();
      volume.ifPresent(issues::add);
      if (guard) {
        issues.add(
            Issue.file(
                IssueCode.VOLUME_GUARD,
                String.format(
                    java.util.Locale.ROOT,
                    "Applying this %s file would %s %d of %d records (%.1f%%), more than the district's limit of %d%%. It is held for an engineer to review; yesterday's data stays live. A truncated export is the usual cause.",
                    file.label(),
                    file.dataSet().deactivates() ? "deactivate" : "remove",
                    diff.deactivated(),
                    diff.activeBefore(),
                    diff.deactivatedPercent(),
                    district.holdThresholdPercent())));
        o.examples = staging.examples(HELD_EXAMPLES);
        return o.hold(
            diff,
            String.format(
                java.util.Locale.ROOT,
                "Would remove %.1f%% of records",
                diff.deactivatedPercent()));
      }
      if (volume.isPresent() && issues.severityOf(volume.get().code()) == Severity.ERROR) {
        o.examples = staging.examples(HELD_EXAMPLES);
        return o.hold(diff, "Far fewer rows than usual");
      }
      staging.apply(clock.instant());
      runs.recordFacts(conn, run.id(), sniff.bytes(), parsed.header(), courseMissing);
      o.status = mode == Mode.RELEASE ? RunStatus.RELEASED : RunStatus.LOADED;
      o.message =
          String.format(
              java.util.Locale.ROOT,
              "%d added, %d updated, %d unchanged, %d %s",
              diff.added(),
              diff.updated(),
              diff.unchanged(),
              diff.deactivated(),
              file.dataSet().deactivates() ? "deactivated" : "removed");
      return o.finish(Stage.LOAD);
    }
  }

  private static StreamSource entry(Unpacker unpacker, RunStore.PendingRun run, StreamSource raw) {
    return unpacker.entry(run.fileName(), raw, run.entryName());
  }

  private static String namesOf(Profile profile) {
    return String.join(
        ", ", profile.files().stream().map(f -> f.names().get(0)).distinct().toList());
  }

  /** The outcome being built up for one run. */
  private static final class Outcome {
    final Issues issues;
    final String decidedBy;
    final String reason;
    final java.time.Instant started;
    RunStatus status;
    String dataSet;
    String part;
    String sha;
    long rows;
    Diff diff;
    Long duplicateOf;
    String message;
    List<Change> examples = List.of();

    Outcome(Issues issues, String decidedBy, String reason, java.time.Instant started) {
      this.issues = issues;
      this.started = started;
      this.decidedBy = decidedBy;
      this.reason = reason;
    }

    RunStore.Outcome reject(Stage stage) {
      status = RunStatus.REJECTED;
      List<Issue> kept = issues.kept();
      message =
          kept.stream()
              .filter(i -> i.severity() == org.pathways.hub.district.Severity.ERROR)
              .findFirst()
              .map(
                  i ->
                      issues.errors()
                          + " error"
                          + (issues.errors() == 1 ? "" : "s")
                          + "; first: "
                          + i.code())
              .orElse("Rejected");
      return finish(stage);
    }

    RunStore.Outcome hold(Diff d, String why) {
      status = RunStatus.HELD;
      diff = d;
      message = why;
      return finish(Stage.LOAD);
    }

    RunStore.Outcome finish(Stage stage) {
      return new RunStore.Outcome(
          status,
          stage,
          dataSet,
          part,
          sha,
          rows,
          diff,
          issues,
          message,
          duplicateOf,
          decidedBy,
          reason,
          started,
          examples);
    }
  }

  /** Reports bytes read, for a progress bar. */
  private static final class Progress extends java.io.FilterInputStream {
    private final LongConsumer listener;
    private long read;

    Progress(InputStream in, LongConsumer listener) {
      super(in);
      this.listener = listener;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        read += n;
        listener.accept(read);
      }
      return n;
    }
  }
}
