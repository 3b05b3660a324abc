package org.pathways.hub.receive.pull.oneroster;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import org.pathways.hub.pipeline.RunSummary;
import org.pathways.hub.profile.ColumnSpec;
import org.pathways.hub.profile.FileSpec;
import org.pathways.hub.profile.Profile;
import org.pathways.hub.receive.Intake;
import org.pathways.hub.receive.pull.oneroster.OneRosterConverter.Output;
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
  }

  /**
   * Pulls {@code district} now and waits for its runs.
   *
   * @throws OneRosterException when the service cannot be read; nothing is then applied
   * @throws IllegalArgumentException for an unknown district, one without a connection, or one
   *     whose profile does not read the Standard Layout
   */
  public Result pull(String district, String actor) throws IOException {
    District d = district(district);
    requireStandardLayout(d);
    OneRosterEndpoint endpoint = endpoint(district);
    try (LogContext logged = LogContext.district(district)) {
      List<OneRosterFiles.Converted> converted;
      try {
        converted =
            OneRosterFiles.convert(
                ingest, district, d.state(), clients.client(endpoint, clock), true);
      } catch (IOException | RuntimeException e) {
        audit.record(
            actor,
            "oneroster.pull",
            district,
            endpoint.baseUrl().toString(),
            null,
            "failed",
            e.getMessage());
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
        throw new java.io.InterruptedIOException("Interrupted while the pulled files were loaded");
      } catch (ExecutionException | TimeoutException e) {
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
      audit.record(
          actor,
          "oneroster.pull",
          district,
          endpoint.baseUrl().toString(),
          null,
          "ok",
          detail.toString());
      return new Result(district, out);
    }
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
   * The converted files are Standard Layout files; a district whose profile reads its SIS's own
   * layout would reject them all, so the pull is refused before anything is asked of the service.
   */
  private void requireStandardLayout(District d) {
    Profile profile = profiles.forDistrict(d);
    for (Output o : Output.values()) {
      String stem = FileNames.stem(o.fileName());
      boolean reads =
          profile.files().stream()
              .filter(f -> f.dataSet() == o.dataSet())
              .filter(f -> f.names().stream().anyMatch(g -> FileNames.matches(g, stem)))
              .anyMatch(OneRosterPull::standardColumns);
      if (!reads) {
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
    }
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
