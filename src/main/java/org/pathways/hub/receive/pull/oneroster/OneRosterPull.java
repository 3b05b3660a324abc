package org.pathways.hub.receive.pull.oneroster;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.pathways.hub.audit.AuditLog;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.parse.FileNames;
import org.pathways.hub.pipeline.IngestService;
import org.pathways.hub.pipeline.LogContext;
import org.pathways.hub.pipeline.ProfileResolver;
import org.pathways.hub.pipeline.RunStatus;
import org.pathways.hub.pipeline.RunSummary;
import org.pathways.hub.profile.ColumnSpec;
import org.pathways.hub.profile.FileSpec;
import org.pathways.hub.profile.Profile;
import org.pathways.hub.receive.Intake;
import org.pathways.hub.receive.pull.oneroster.OneRosterConverter.Output;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * Pulls a district's roster from its OneRoster REST service now: students, teachers and the course
 * catalog, converted into Standard Layout files that are stored in the vault and go through the
 * pipeline like any sent file. The district's profile must read the Standard Layout (the {@code
 * standard} profile does), since that is what the conversion produces.
 */
@Service
public class OneRosterPull {

  private static final Logger log = LoggerFactory.getLogger(OneRosterPull.class);

  private final OneRosterConnections connections;
  private final DistrictRepository districts;
  private final ProfileResolver profiles;
  private final IngestService ingest;
  private final Intake intake;
  private final AuditLog audit;
  private final Clock clock;
  private final ClientFactory clients;

  /** Makes the client for an endpoint; the tests make one whose pauses are instant. */
  @FunctionalInterface
  public interface ClientFactory {
    OneRosterClient client(OneRosterEndpoint endpoint, Clock clock);
  }

  @Autowired
  public OneRosterPull(
      OneRosterConnections connections,
      DistrictRepository districts,
      ProfileResolver profiles,
      IngestService ingest,
      Intake intake,
      AuditLog audit,
      Clock clock) {
    this(connections, districts, profiles, ingest, intake, audit, clock, OneRosterClient::of);
  }

  public OneRosterPull(
      OneRosterConnections connections,
      DistrictRepository districts,
      ProfileResolver profiles,
      IngestService ingest,
      Intake intake,
      AuditLog audit,
      Clock clock,
      ClientFactory clients) {
    this.connections = connections;
    this.districts = districts;
    this.profiles = profiles;
    this.ingest = ingest;
    this.intake = intake;
    this.audit = audit;
    this.clock = clock;
    this.clients = clients;
  }

  /** What one data set of a pull became. */
  public record DataSetResult(String dataSet, String file, long rowsConverted, RunSummary run) {}

  /** The outcome of a pull: one result per data set, in load order. */
  public record Result(String district, List<DataSetResult> dataSets) {
    public Result {
      dataSets = List.copyOf(dataSets);
    }

    /** Whether every data set loaded, or was the same as the live data. */
    public boolean loaded() {
      return dataSets.stream()
          .allMatch(
              r ->
                  r.run() != null
                      && (r.run().status() == RunStatus.LOADED
                          || r.run().status() == RunStatus.DUPLICATE));
    }
  }

  /**
   * Pulls {@code district} now and waits for its runs. A pull applies all its data sets or none:
   * when one cannot be read, what was converted is discarded, and each data set is recorded as a
   * run rejected at the receive stage ({@link IngestService#receiveFailed}) with the service's
   * error, so the night reports it failed rather than missing, and its live snapshot stays.
   *
   * @throws OneRosterException when the service cannot be read; nothing is then applied
   * @throws IllegalArgumentException for an unknown district, one without a connection, or one
   *     whose profile does not read the Standard Layout
   */
  public Result pull(String district, String actor) throws IOException {
    District d = district(district);
    Map<Output, FileSpec> specs;
    try {
      specs = standardLayout(d);
    } catch (IllegalArgumentException e) {
      connections.recordPull(district, false, e.getMessage());
      throw e;
    }
    OneRosterEndpoint endpoint = endpoint(district);
    try (LogContext logged = LogContext.district(district)) {
      List<OneRosterFiles.Converted> converted;
      try {
        converted =
            OneRosterFiles.convert(
                ingest, district, d.state(), clients.client(endpoint, clock), true);
      } catch (IOException | RuntimeException e) {
        String reason = reason(e);
        recordFailed(d, specs, reason);
        connections.recordPull(
            district, false, "0 of " + specs.size() + " data sets pulled: " + reason);
        audit.record(
            actor,
            "oneroster.pull",
            district,
            endpoint.baseUrl().toString(),
            null,
            "failed",
            e.getMessage());
        log.warn("OneRoster pull of district {} failed: {}", district, reason);
        throw e;
      }
      List<RunSummary> runs;
      try {
        runs =
            intake
                .acceptPulled(
                    district,
                    converted.stream().map(OneRosterFiles.Converted::file).toList(),
                    new Intake.Sender("oneroster", actor, endpoint.baseUrl().getHost()))
                .get(6, TimeUnit.HOURS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        connections.recordPull(district, false, "interrupted while the pulled files were loaded");
        throw new java.io.InterruptedIOException("Interrupted while the pulled files were loaded");
      } catch (ExecutionException | TimeoutException e) {
        connections.recordPull(district, false, "the pulled files were not processed: " + e);
        throw new IOException("The pulled files of " + district + " were not processed", e);
      }
      List<DataSetResult> out = new ArrayList<>();
      for (OneRosterFiles.Converted c : converted) {
        RunSummary run =
            runs.stream()
                .filter(r -> r.file().equals(c.output().fileName()))
                .findFirst()
                .orElse(null);
        out.add(new DataSetResult(c.output().dataSet().id(), c.output().fileName(), c.rows(), run));
      }
      StringBuilder detail = new StringBuilder();
      for (DataSetResult r : out) {
        detail
            .append(detail.length() == 0 ? "" : "; ")
            .append(r.dataSet())
            .append(' ')
            .append(r.rowsConverted())
            .append(" rows ")
            .append(r.run() == null ? "not run" : r.run().status().name());
      }
      Result result = new Result(district, out);
      connections.recordPull(district, result.loaded(), detail.toString());
      audit.record(
          actor,
          "oneroster.pull",
          district,
          endpoint.baseUrl().toString(),
          null,
          "ok",
          detail.toString());
      log.info("OneRoster pull of district {}: {}", district, detail);
      return result;
    }
  }

  /**
   * Records each data set of a failed pull as a rejected run, so the night, the runs page and the
   * alerts report it as they report a rejected file.
   */
  private void recordFailed(District d, Map<Output, FileSpec> specs, String reason) {
    for (Map.Entry<Output, FileSpec> e : specs.entrySet()) {
      Output o = e.getKey();
      try {
        ingest.receiveFailed(
            ingest.now(d.code(), o.fileName(), "oneroster"),
            e.getValue(),
            "OneRoster "
                + o.dataSet().id()
                + " was not pulled (a pull applies all its data sets or none): "
                + reason);
      } catch (IOException | RuntimeException recordFailure) {
        // The pull's own error and audit entry still say it; the night shows the data set missing.
        log.error(
            "The failed OneRoster pull of {} of district {} could not be recorded as a run: {}",
            o.dataSet().id(),
            d.code(),
            recordFailure.toString());
      }
    }
  }

  private static String reason(Exception e) {
    return e instanceof OneRosterException
        ? e.getMessage()
        : "the pull failed: " + e.getClass().getSimpleName() + " " + e.getMessage();
  }

  /**
   * Checks a connection: a token, then each collection's size as {@code X-Total-Count} gives it
   * (empty when the service does not send the header).
   */
  public Map<String, OptionalLong> test(String district) throws IOException {
    district(district);
    OneRosterClient client = clients.client(endpoint(district), clock);
    client.authenticate();
    Map<String, OptionalLong> counts = new LinkedHashMap<>();
    for (String c : OneRosterClient.COLLECTIONS) {
      counts.put(c, client.count(c));
    }
    return counts;
  }

  /**
   * One collection's check in a connection test.
   *
   * @param count the records it holds now, or null when it failed or the service gives no count
   * @param error why it could not be read, or null
   */
  public record CollectionCheck(String collection, Long count, String error) {}

  /**
   * A connection test as the settings page shows it.
   *
   * @param error why the hub could not get a token, or null
   */
  public record ConnectionTest(
      String district,
      URI baseUrl,
      String version,
      String error,
      List<CollectionCheck> collections) {

    public ConnectionTest {
      collections = List.copyOf(collections);
    }

    public boolean ok() {
      return error == null && collections.stream().allMatch(c -> c.error() == null);
    }

    /** One line for the audit log and the settings page. */
    public String summary() {
      if (error != null) {
        return error;
      }
      long failed = collections.stream().filter(c -> c.error() != null).count();
      String first =
          collections.stream()
              .filter(c -> c.error() != null)
              .findFirst()
              .map(c -> "; " + c.error())
              .orElse("");
      return "token issued; "
          + (collections.size() - failed)
          + " of "
          + collections.size()
          + " collections answer"
          + first;
    }
  }

  /**
   * Tests a district's connection, each collection on its own, so the page says which answer and
   * what failed for the others. Recorded on the connection and audited; nothing is pulled.
   */
  public ConnectionTest test(String district, String actor, String remote) {
    district(district);
    OneRosterEndpoint endpoint = endpoint(district);
    try (LogContext logged = LogContext.district(district)) {
      OneRosterClient client = clients.client(endpoint, clock);
      String error = null;
      try {
        client.authenticate();
      } catch (IOException e) {
        error = e.getMessage();
      }
      List<CollectionCheck> checks = new ArrayList<>();
      if (error == null) {
        for (String c : OneRosterClient.COLLECTIONS) {
          try {
            OptionalLong n = client.count(c);
            checks.add(new CollectionCheck(c, n.isPresent() ? n.getAsLong() : null, null));
          } catch (IOException e) {
            checks.add(new CollectionCheck(c, null, e.getMessage()));
          }
        }
      }
      ConnectionTest result =
          new ConnectionTest(
              district, endpoint.baseUrl(), endpoint.version().label(), error, checks);
      connections.recordTest(district, result.ok(), result.summary());
      audit.record(
          actor,
          "oneroster.test",
          district,
          endpoint.baseUrl().toString(),
          remote,
          result.ok() ? "ok" : "failed",
          result.summary());
      return result;
    }
  }

  private District district(String code) {
    return districts
        .find(code)
        .orElseThrow(() -> new IllegalArgumentException("Unknown district '" + code + "'"));
  }

  private OneRosterEndpoint endpoint(String district) {
    return connections
        .endpoint(district)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "District "
                        + district
                        + " has no OneRoster connection; set one with oneroster configure"));
  }

  /**
   * The district's files a pull's outputs are read as. The converted files are Standard Layout
   * files; a district whose profile reads its SIS's own layout would reject them all, so the pull
   * is refused before anything is asked of the service.
   */
  private Map<Output, FileSpec> standardLayout(District d) {
    Profile profile = profiles.forDistrict(d);
    Map<Output, FileSpec> specs = new EnumMap<>(Output.class);
    for (Output o : Output.values()) {
      Optional<FileSpec> reads = reading(profile, o);
      if (reads.isEmpty()) {
        throw new IllegalArgumentException(
            "District "
                + d.code()
                + " uses the "
                + profile.name()
                + " profile, which does not read the Standard Layout "
                + o.dataSet().id()
                + " file a OneRoster pull produces; a district whose roster comes from OneRoster"
                + " is set up on the standard profile");
      }
      specs.put(o, reads.get());
    }
    return specs;
  }

  /**
   * Whether a district on {@code profile} can take a OneRoster pull: its profile reads every
   * Standard Layout file the pull produces.
   */
  public static boolean readsPulledFiles(Profile profile) {
    for (Output o : Output.values()) {
      if (reading(profile, o).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private static Optional<FileSpec> reading(Profile profile, Output o) {
    String stem = FileNames.stem(o.fileName());
    return profile.files().stream()
        .filter(f -> f.dataSet() == o.dataSet())
        .filter(f -> f.names().stream().anyMatch(g -> FileNames.matches(g, stem)))
        .filter(OneRosterPull::standardColumns)
        .findFirst();
  }

  private static boolean standardColumns(FileSpec f) {
    return f.header()
        && f.columns().stream()
            .allMatch(
                (ColumnSpec c) ->
                    c.field() == null
                        || c.column().toLowerCase(Locale.ROOT).equals(c.field())
                            && c.values().isEmpty());
  }
}
