package org.pathways.hub.receive.pull.powerschool;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.pathways.hub.audit.AuditLog;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.pipeline.IngestService;
import org.pathways.hub.pipeline.LogContext;
import org.pathways.hub.pipeline.ProfileResolver;
import org.pathways.hub.pipeline.RunStatus;
import org.pathways.hub.pipeline.RunSummary;
import org.pathways.hub.profile.ColumnSpec;
import org.pathways.hub.profile.FileSpec;
import org.pathways.hub.profile.Profile;
import org.pathways.hub.receive.Intake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Pulls a district's data from its PowerSchool now, and tests its connection. The queries come from
 * the district's SIS profile: one per file, named {@code com.pathways.hub.} and the file's name,
 * returning the file's columns. Each query's records stream, a page at a time, into {@link Intake}
 * as {@code <query>.csv}, in the profile's load order, so each is stored in the vault and loaded as
 * any sent file is.
 *
 * <p>A query that cannot be fetched after its retries sends nothing to the pipeline: its data set's
 * live snapshot stays. Its failure is recorded as a run of that data set rejected at the receive
 * stage ({@link IngestService#receiveFailed}), so the night, the runs page and the alerts report it
 * as a rejected file, with PowerSchool's error as the reason.
 */
@Service
public class PowerSchoolPull {

  private static final Logger log = LoggerFactory.getLogger(PowerSchoolPull.class);

  private final PowerSchoolConnections connections;
  private final DistrictRepository districts;
  private final ProfileResolver profiles;
  private final Intake intake;
  private final IngestService ingest;
  private final AuditLog audit;
  private final PowerSchoolProperties props;
  private final Clock clock;
  private final HttpClient http;
  private final Sleeper sleeper;

  public PowerSchoolPull(
      PowerSchoolConnections connections,
      DistrictRepository districts,
      ProfileResolver profiles,
      Intake intake,
      IngestService ingest,
      AuditLog audit,
      PowerSchoolProperties props,
      Clock clock) {
    this.connections = connections;
    this.districts = districts;
    this.profiles = profiles;
    this.intake = intake;
    this.ingest = ingest;
    this.audit = audit;
    this.props = props;
    this.clock = clock;
    // No redirects: the secret and the token go only to the address the district saved.
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(props.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.sleeper = Sleeper.REAL;
  }

  /**
   * One PowerQuery of the plugin.
   *
   * @param name such as {@code com.pathways.hub.students}
   * @param file the profile's file it returns
   */
  public record Query(String name, FileSpec file) {

    public Query {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(file, "file");
    }

    /** The columns it returns, as the file names them, in order. */
    public List<String> columns() {
      return file.columns().stream().map(ColumnSpec::column).toList();
    }

    /** The name of the file its records are saved as. */
    public String fileName() {
      return name + ".csv";
    }
  }

  /**
   * The plugin's queries for a profile, in the order their data sets load: those of {@link
   * PowerSchoolPlugin#queries}, which the district installed, each with the profile's file it
   * returns.
   */
  public static List<Query> queries(Profile profile) {
    List<Query> out = new ArrayList<>();
    for (PowerQuery q : PowerSchoolPlugin.queries(profile)) {
      out.add(new Query(q.name(), profile.file(q.dataSet(), q.part()).orElseThrow()));
    }
    // A stable sort: parts of one data set keep the profile's order.
    out.sort(Comparator.comparingInt(q -> q.file().dataSet().loadOrder()));
    return List.copyOf(out);
  }

  /** How one query's pull ended. */
  public enum Outcome {
    /** Fetched, and every run loaded (or was the same as the live data). */
    LOADED,
    /** Fetched and stored, but the pipeline rejected or held a run: see its issues. */
    NOT_LOADED,
    /** Not fetched: nothing reached the pipeline, and the live data stays. */
    FAILED
  }

  /**
   * One query of a pull.
   *
   * @param rows the records fetched (0 for a failed query)
   * @param runs the runs opened for the file, or the one rejected run recording the failure
   * @param message why it failed, or null
   */
  public record QueryResult(
      String query,
      String dataSet,
      String part,
      long rows,
      List<RunSummary> runs,
      Outcome outcome,
      String message) {

    public QueryResult {
      runs = List.copyOf(runs);
    }

    public List<Long> runIds() {
      return runs.stream().map(RunSummary::runId).toList();
    }
  }

  /** A district's pull, query by query in load order. */
  public record PullReport(
      String district, Instant startedAt, Instant finishedAt, List<QueryResult> queries) {

    public PullReport {
      queries = List.copyOf(queries);
    }

    public boolean loaded() {
      return queries.stream().allMatch(q -> q.outcome() == Outcome.LOADED);
    }

    /** One line for the audit log and the settings page. */
    public String summary() {
      long failed = queries.stream().filter(q -> q.outcome() == Outcome.FAILED).count();
      long notLoaded = queries.stream().filter(q -> q.outcome() == Outcome.NOT_LOADED).count();
      long rows = queries.stream().mapToLong(QueryResult::rows).sum();
      StringBuilder s =
          new StringBuilder()
              .append(queries.size() - failed - notLoaded)
              .append(" of ")
              .append(queries.size())
              .append(" queries loaded, ")
              .append(rows)
              .append(" records");
      if (notLoaded > 0) {
        s.append("; ").append(notLoaded).append(" not loaded");
      }
      for (QueryResult q : queries) {
        if (q.outcome() == Outcome.FAILED) {
          s.append("; ").append(q.query()).append(" failed: ").append(q.message());
          // The first failure says it: the others are most often the same one.
          break;
        }
      }
      return s.toString();
    }
  }

  /**
   * Pulls every query of the district now and waits until each file is loaded.
   *
   * @param actor who asked: an engineer's email, or {@code nightly}
   * @param remote where from, or null
   * @throws IllegalArgumentException for an unknown district, one without a connection, or one
   *     whose profile is not PowerSchool's
   */
  public PullReport pull(String district, String actor, String remote) throws InterruptedException {
    District d = district(district);
    Credentials creds = credentials(d);
    Profile profile = powerSchoolProfile(d);
    Instant started = clock.instant();
    List<QueryResult> results = new ArrayList<>();
    try (LogContext logged = LogContext.district(d.code())) {
      PowerSchoolClient client = client(creds, started);
      int pageSize;
      IOException signIn = null;
      try {
        pageSize = Math.min(client.metadata().maxPageSize(), props.pageSize());
      } catch (IOException e) {
        signIn = e;
        pageSize = props.pageSize();
      }
      for (Query q : queries(profile)) {
        if (signIn != null) {
          // Nothing can be fetched: each data set is reported failed with the reason.
          results.add(failed(d, q, signIn));
          continue;
        }
        results.add(pullOne(d, client, q, pageSize, actor, remote));
      }
      PullReport report = new PullReport(d.code(), started, clock.instant(), results);
      connections.recordPull(d.code(), report.loaded(), report.summary());
      audit.record(
          actor,
          "powerschool.pull",
          d.code(),
          creds.server().toString(),
          remote,
          report.loaded() ? "ok" : "failed",
          report.summary());
      log.info("PowerSchool pull of district {}: {}", d.code(), report.summary());
      return report;
    }
  }

  private QueryResult pullOne(
      District d, PowerSchoolClient client, Query q, int pageSize, String actor, String remote)
      throws InterruptedException {
    long count;
    try {
      count = client.count(q.name());
    } catch (IOException e) {
      return failed(d, q, e);
    }
    QueryFile content = new QueryFile(client, q.name(), q.columns(), count, pageSize);
    List<RunSummary> runs;
    try {
      runs =
          intake.acceptAndWait(
              d.code(), q.fileName(), content, new Intake.Sender("api", actor, remote));
    } catch (IOException e) {
      // The stream failed while the vault stored it: the half-stored file was discarded.
      return failed(d, q, e);
    }
    boolean loaded =
        !runs.isEmpty()
            && runs.stream()
                .allMatch(r -> r.status() == RunStatus.LOADED || r.status() == RunStatus.DUPLICATE);
    return new QueryResult(
        q.name(),
        q.file().dataSet().id(),
        q.file().part(),
        content.rows(),
        runs,
        loaded ? Outcome.LOADED : Outcome.NOT_LOADED,
        loaded
            ? null
            : runs.stream()
                .filter(r -> r.message() != null)
                .map(RunSummary::message)
                .findFirst()
                .orElse("not loaded"));
  }

  private QueryResult failed(District d, Query q, IOException e) {
    String message =
        e instanceof PowerSchoolException
            ? e.getMessage()
            : "the pull failed: " + e.getClass().getSimpleName() + " " + e.getMessage();
    List<RunSummary> runs = new ArrayList<>();
    try {
      runs.add(
          ingest.receiveFailed(
              ingest.now(d.code(), q.fileName(), "api"),
              q.file(),
              "PowerSchool query " + q.name() + " was not pulled: " + message));
    } catch (IOException | RuntimeException recordFailure) {
      // The pull's own result and audit entry still say it; the night shows the data set missing.
      log.error(
          "The failed pull of {} of district {} could not be recorded as a run: {}",
          q.name(),
          d.code(),
          recordFailure.toString());
    }
    log.warn("PowerSchool query {} of district {} failed: {}", q.name(), d.code(), message);
    return new QueryResult(
        q.name(), q.file().dataSet().id(), q.file().part(), 0, runs, Outcome.FAILED, message);
  }

  /**
   * One query's check in a connection test.
   *
   * @param count the records it returns now, or null when it failed
   * @param error why it failed, or null
   */
  public record QueryCheck(String query, String dataSet, String part, Long count, String error) {}

  /**
   * A connection test: sign-in, the server's metadata, and each query's count.
   *
   * @param version PowerSchool's version, when signed in
   * @param pageSize the page size a pull would use, when signed in
   * @param error why the hub could not sign in, or null
   */
  public record ConnectionTest(
      String district,
      URI server,
      String version,
      Integer pageSize,
      String error,
      List<QueryCheck> queries) {

    public ConnectionTest {
      queries = List.copyOf(queries);
    }

    public boolean ok() {
      return error == null && queries.stream().allMatch(q -> q.error() == null);
    }

    /** One line for the audit log and the settings page. */
    public String summary() {
      if (error != null) {
        return error;
      }
      long failed = queries.stream().filter(q -> q.error() != null).count();
      String first =
          queries.stream()
              .filter(q -> q.error() != null)
              .findFirst()
              .map(q -> "; " + q.query() + ": " + q.error())
              .orElse("");
      return "signed in (PowerSchool "
          + (version == null ? "version unknown" : version)
          + "); "
          + (queries.size() - failed)
          + " of "
          + queries.size()
          + " queries answer"
          + first;
    }
  }

  /**
   * Tests a district's connection: signs in, reads the metadata, and counts each query's records.
   * Nothing is pulled.
   */
  public ConnectionTest test(String district, String actor, String remote) {
    District d = district(district);
    Credentials creds = credentials(d);
    Profile profile = powerSchoolProfile(d);
    try (LogContext logged = LogContext.district(d.code())) {
      PowerSchoolClient client = client(creds, clock.instant());
      ConnectionTest result;
      PowerSchoolClient.Metadata meta = null;
      String error = null;
      try {
        client.signIn();
        meta = client.metadata();
      } catch (IOException e) {
        error = e.getMessage();
      }
      List<QueryCheck> checks = new ArrayList<>();
      if (error == null) {
        for (Query q : queries(profile)) {
          Long count = null;
          String queryError = null;
          try {
            count = client.count(q.name());
          } catch (IOException e) {
            queryError = e.getMessage();
          }
          checks.add(
              new QueryCheck(
                  q.name(), q.file().dataSet().id(), q.file().part(), count, queryError));
        }
      }
      result =
          new ConnectionTest(
              d.code(),
              creds.server(),
              meta == null ? null : meta.version(),
              meta == null ? null : Math.min(meta.maxPageSize(), props.pageSize()),
              error,
              checks);
      connections.recordTest(d.code(), result.ok(), result.summary());
      audit.record(
          actor,
          "powerschool.test",
          d.code(),
          creds.server().toString(),
          remote,
          result.ok() ? "ok" : "failed",
          result.summary());
      return result;
    }
  }

  private PowerSchoolClient client(Credentials creds, Instant start) {
    return new PowerSchoolClient(
        creds, http, clock, sleeper, props, start.plus(props.pullDeadline()));
  }

  private District district(String code) {
    return districts
        .find(code)
        .orElseThrow(() -> new IllegalArgumentException("Unknown district '" + code + "'"));
  }

  private Credentials credentials(District d) {
    return connections
        .credentials(d.code())
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "District "
                        + d.code()
                        + " has no PowerSchool connection: save its server address, client id"
                        + " and client secret first"));
  }

  private Profile powerSchoolProfile(District d) {
    Profile profile = profiles.forDistrict(d);
    if (queries(profile).isEmpty()) {
      throw new IllegalArgumentException(
          "District "
              + d.code()
              + " follows the "
              + profile.name()
              + " profile, which has no Pathways PowerSchool queries");
    }
    return profile;
  }
}
