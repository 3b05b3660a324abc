package org.pathways.hub.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pathways.hub.HubApplication;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.district.State;
import org.pathways.hub.pipeline.IngestService;
import org.pathways.hub.pipeline.RunSummary;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A running hub (without its web server) on a test store, with shortcuts for tests. */
public final class TestHub implements AutoCloseable {

  private final TestStore.Prepared store;
  private final ConfigurableApplicationContext ctx;

  private TestHub(TestStore.Prepared store, ConfigurableApplicationContext ctx) {
    this.store = store;
    this.ctx = ctx;
  }

  public static TestHub start(TestStore kind, String... extraArgs) throws Exception {
    return start(kind.prepare(), extraArgs);
  }

  /** A hub serving HTTP(S) on a free port, as {@code serve} runs it. */
  public static TestHub startWeb(TestStore kind, String... extraArgs) throws Exception {
    return start(kind.prepare(), WebApplicationType.SERVLET, extraArgs);
  }

  /** The port the web server listens on. */
  public int webPort() {
    return ((org.springframework.boot.web.server.context.WebServerApplicationContext) ctx)
        .getWebServer()
        .getPort();
  }

  public static TestHub start(TestStore.Prepared store, String... extraArgs) {
    return start(store, WebApplicationType.NONE, null, extraArgs);
  }

  /** A hub whose time is the given clock's, for nightly logic on chosen dates. */
  public static TestHub startWithClock(TestStore kind, java.time.Clock clock, String... extraArgs)
      throws Exception {
    return start(kind.prepare(), WebApplicationType.NONE, clock, extraArgs);
  }

  /** A hub on a prepared store (a second node, or a restart) whose time is the given clock's. */
  public static TestHub startWithClock(
      TestStore.Prepared store, java.time.Clock clock, String... extraArgs) {
    return start(store, WebApplicationType.NONE, clock, extraArgs);
  }

  private static TestHub start(
      TestStore.Prepared store, WebApplicationType type, String... extraArgs) {
    return start(store, type, null, extraArgs);
  }

  private static TestHub start(
      TestStore.Prepared store,
      WebApplicationType type,
      java.time.Clock clock,
      String... extraArgs) {
    List<String> args = new ArrayList<>(store.args());
    args.addAll(List.of(extraArgs));
    ConfigurableApplicationContext ctx =
        new SpringApplicationBuilder(HubApplication.class)
            .web(type)
            // Defaults below every argument: tests that need the SFTP server, the scheduler or a
            // worker looking at the queue turn them on.
            .properties(
                "sftp.enabled=false", "db-scheduler.enabled=false", "pipeline.queue.poll=false")
            .initializers(
                c -> {
                  if (clock != null) {
                    // Registered before the configuration is read, so the hub's own is not made.
                    c.getBeanFactory().registerSingleton("clock", clock);
                  }
                })
            .bannerMode(Banner.Mode.OFF)
            .logStartupInfo(false)
            .run(args.toArray(new String[0]));
    return new TestHub(store, ctx);
  }

  public TestStore.Prepared store() {
    return store;
  }

  public <T> T bean(Class<T> type) {
    return ctx.getBean(type);
  }

  public <T> T bean(String name, Class<T> type) {
    return ctx.getBean(name, type);
  }

  public JdbcClient jdbc() {
    return bean(JdbcClient.class);
  }

  public void addDistrict(String code, State state, String profile) {
    bean(DistrictRepository.class)
        .add(
            new District(
                code, code.toUpperCase(java.util.Locale.ROOT) + " ISD", state, profile, 10));
  }

  public List<RunSummary> ingest(String district, String fileName, String content)
      throws IOException {
    return ingest(district, fileName, content.getBytes(StandardCharsets.UTF_8));
  }

  public List<RunSummary> ingest(String district, String fileName, byte[] content)
      throws IOException {
    IngestService svc = bean(IngestService.class);
    try (InputStream in = new ByteArrayInputStream(content)) {
      return svc.ingest(
          new IngestService.Received(district, fileName, "test", Instant.now()), in, b -> {});
    }
  }

  /** Ingests a file as received at a given moment. */
  public List<RunSummary> ingestAt(String district, String fileName, String content, Instant at)
      throws IOException {
    IngestService svc = bean(IngestService.class);
    try (InputStream in = new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8))) {
      return svc.ingest(new IngestService.Received(district, fileName, "test", at), in, b -> {});
    }
  }

  /** Every event of a type the hub publishes from now on, in order. */
  public <E> List<E> events(Class<E> type) {
    List<E> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    ctx.addApplicationListener(
        (org.springframework.context.ApplicationListener<
                org.springframework.context.PayloadApplicationEvent<?>>)
            e -> {
              if (type.isInstance(e.getPayload())) {
                seen.add(type.cast(e.getPayload()));
              }
            });
    return seen;
  }

  public List<RunSummary> ingest(String district, Path file) throws IOException {
    IngestService svc = bean(IngestService.class);
    try (InputStream in = Files.newInputStream(file)) {
      return svc.ingest(
          new IngestService.Received(
              district, file.getFileName().toString(), "test", Instant.now()),
          in,
          b -> {});
    }
  }

  public RunSummary ingestOne(String district, String fileName, String content) throws IOException {
    List<RunSummary> runs = ingest(district, fileName, content);
    if (runs.size() != 1) {
      throw new AssertionError("expected one run, got " + runs);
    }
    return runs.get(0);
  }

  /** Active records of a data set, as (key column → value) rows, in key order. */
  public List<Map<String, Object>> live(String district, String table) {
    String active =
        List.of("students", "teachers", "users", "course_crosswalk").contains(table)
            ? " and live"
            : "";
    return jdbc()
        .sql("select * from " + table + " where district = ?" + active + " order by rec_key")
        .param(district)
        .query()
        .listOfRows();
  }

  public long count(String district, String table) {
    return live(district, table).size();
  }

  /** The rows a run wrote to the change feed's log. */
  /**
   * A run's place in the change feed: how many changes it published, and whether they are read from
   * the live table rather than the change log.
   */
  public record Publication(long changes, boolean fromLive) {}

  public Publication publication(long runId) {
    return jdbc()
        .sql("select changes, from_live from change_publication where run_id = ?")
        .param(runId)
        .query((rs, n) -> new Publication(rs.getLong(1), rs.getBoolean(2)))
        .single();
  }

  public long changeLogRows(long runId) {
    return jdbc()
        .sql("select count(*) from change_log where run_id = ?")
        .param(runId)
        .query(Long.class)
        .single();
  }

  /** Stops the hub and keeps its store, for a test that starts it again. */
  public void stopKeepingStore() {
    ctx.close();
  }

  @Override
  public void close() {
    ctx.close();
    store.drop();
  }
}
