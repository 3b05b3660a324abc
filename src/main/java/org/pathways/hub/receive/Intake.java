package org.pathways.hub.receive;

import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.pathways.hub.audit.AuditLog;
import org.pathways.hub.district.Central;
import org.pathways.hub.district.District;
import org.pathways.hub.district.DistrictRepository;
import org.pathways.hub.district.Issue;
import org.pathways.hub.parse.ArchiveException;
import org.pathways.hub.pipeline.IngestService;
import org.pathways.hub.pipeline.LogContext;
import org.pathways.hub.pipeline.NodeRoles;
import org.pathways.hub.pipeline.QueueProperties;
import org.pathways.hub.pipeline.RunStatus;
import org.pathways.hub.pipeline.RunSummary;
import org.pathways.hub.receive.pull.oneroster.OneRosterCsv;
import org.pathways.hub.receive.pull.oneroster.OneRosterException;
import org.pathways.hub.receive.pull.oneroster.OneRosterFiles;
import org.pathways.hub.vault.StoredFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;

/**
 * Where every channel hands over a completed file: it is stored in the vault and its runs opened
 * before {@link #accept} returns (so the sender is told "done" only for a file that is safe), then
 * processed in the background, and the district finds the outcome in its bucket's results.
 */
@Service
public class Intake implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(Intake.class);
  private static final ZoneId CENTRAL = Central.ZONE;
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz", Locale.ROOT);

  private final IngestService ingest;
  private final Buckets buckets;
  private final AuditLog audit;
  // One file at a time per node: loads are bound by the database, and the order of files from
  // one district matters (students before the grades that name them).
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "intake");
            t.setDaemon(true);
            return t;
          });

  private final DistrictRepository districts;
  // Whether this node processes files; one that does not leaves them waiting for a worker node.
  private final boolean processes;
  private final QueueProperties queue;
  private final ScheduledExecutorService poller =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "intake-queue");
            t.setDaemon(true);
            return t;
          });
  // A look at the queue already waiting its turn on the worker thread: no need for another.
  private final AtomicBoolean lookQueued = new AtomicBoolean();

  public Intake(
      IngestService ingest,
      Buckets buckets,
      AuditLog audit,
      DistrictRepository districts,
      Environment env,
      QueueProperties queue) {
    this.ingest = ingest;
    this.buckets = buckets;
    this.audit = audit;
    this.districts = districts;
    this.processes = NodeRoles.of(env).has(NodeRoles.Role.WORKER);
    this.queue = queue;
  }

  /**
   * On a worker node, looks for waiting files every {@code pipeline.queue.interval}: those other
   * nodes received, and those a node stopped or killed while processing them left behind (its
   * database connection closed, so its claim on the run is gone and the run is still waiting).
   */
  @EventListener(ApplicationReadyEvent.class)
  public void startLookingAtTheQueue() {
    if (!processes || !queue.poll()) {
      return;
    }
    long every = queue.interval().toMillis();
    poller.scheduleWithFixedDelay(this::queueLook, every, every, TimeUnit.MILLISECONDS);
  }

  private void queueLook() {
    if (lookQueued.compareAndSet(false, true)) {
      worker.execute(
          () -> {
            lookQueued.set(false);
            processWaiting();
          });
    }
  }

  /**
   * Processes the files waiting in the database, a district's in the order they came, until none is
   * left that this node can take.
   *
   * @return how many runs this node finished
   */
  public int processWaiting() {
    int finished = 0;
    boolean progress = true;
    while (progress) {
      progress = false;
      for (IngestService.Waiting w : ingest.waiting(20)) {
        IngestService.Received file = w.file();
        try (LogContext logged = LogContext.district(file.district())) {
          for (RunSummary r : process(file.district(), file.fileName(), file, w.runs())) {
            if (r.status() != RunStatus.RECEIVED) {
              finished++;
              progress = true;
            }
          }
        } catch (RuntimeException e) {
          // Logged by process; the run stays waiting and is tried again at the next look.
          return finished;
        }
      }
    }
    return finished;
  }

  /** Who handed the file over, and how. */
  public record Sender(String channel, String actor, String remote) {}

  /**
   * Stores a received file and queues its runs.
   *
   * @return the ids of the runs opened for it, in load order
   */
  public List<Long> accept(String district, String fileName, InputStream content, Sender sender)
      throws IOException {
    if (fileName.toLowerCase(Locale.ROOT).endsWith(".zip")) {
      // A zip may be a OneRoster export, which is looked into once it is safe in the vault.
      return acceptStored(district, fileName, ingest.store(district, fileName, content), sender);
    }
    return accept(district, fileName, sender, received -> ingest.receive(received, content)).runs();
  }

  /**
   * Stores a received file and waits until its runs are processed, for a channel that fetches files
   * itself and reports each one's outcome at once. The runs wait their turn behind files received
   * before, as any file's do.
   *
   * @return the runs' outcomes, in load order
   * @throws IOException if the file could not be stored, or its runs not processed (they are then
   *     resumed at the next start)
   */
  public List<RunSummary> acceptAndWait(
      String district, String fileName, InputStream content, Sender sender)
      throws IOException, InterruptedException {
    // A node that fetched the file itself processes it, worker or not: the caller waits for it.
    Future<List<RunSummary>> done =
        accept(district, fileName, sender, received -> ingest.receive(received, content), true)
            .done();
    try {
      return done.get();
    } catch (ExecutionException e) {
      throw new IOException(
          "The runs of " + fileName + " of district " + district + " could not be processed",
          e.getCause());
    }
  }

  /** Registers a file the channel already stored in the vault while it streamed in. */
  public List<Long> acceptStored(String district, String fileName, StoredFile stored, Sender sender)
      throws IOException {
    if (OneRosterCsv.isOneRoster(fileName, () -> ingest.open(stored), ingest.archiveLimits())) {
      return accept(district, fileName, sender, received -> oneRoster(received, stored)).runs();
    }
    return accept(district, fileName, sender, received -> ingest.receiveStored(received, stored))
        .runs();
  }

  /** A stored file's runs, and their outcomes once the worker has processed them. */
  private record Accepted(List<Long> runs, Future<List<RunSummary>> done) {}

  /**
   * A OneRoster CSV zip: kept in the vault as received, and converted into Standard Layout files
   * that are registered with their runs before the sender is told the upload is done. A zip that
   * cannot be converted is registered with one rejected run that says why, and nothing of it is
   * applied.
   */
  private List<Long> oneRoster(IngestService.Received received, StoredFile stored)
      throws IOException {
    District district =
        districts
            .find(received.district())
            .orElseThrow(
                () ->
                    new IllegalArgumentException("Unknown district '" + received.district() + "'"));
    List<OneRosterFiles.Converted> converted;
    try {
      OneRosterCsv csv =
          OneRosterCsv.open(received.fileName(), () -> ingest.open(stored), ingest.archiveLimits());
      converted =
          OneRosterFiles.convert(ingest, district.code(), district.state(), csv, csv.hasCourses());
    } catch (OneRosterException | ArchiveException e) {
      log.info("OneRoster zip {} refused: {}", received.fileName(), e.getMessage());
      return ingest.rejectStored(received, stored, e.getMessage());
    }
    try {
      return ingest.receiveDerived(
          received, stored, converted.stream().map(OneRosterFiles.Converted::file).toList());
    } catch (IOException | RuntimeException e) {
      OneRosterFiles.discard(ingest, converted);
      throw e;
    }
  }

  /**
   * Registers files a pull produced and processes them now, in load order, on the intake's worker
   * after any file already waiting; the future completes with their runs.
   */
  public CompletableFuture<List<RunSummary>> acceptPulled(
      String district, List<IngestService.Derived> files, Sender sender) throws IOException {
    List<Long> runs = new ArrayList<>();
    for (IngestService.Derived f : files) {
      IngestService.Received received = ingest.now(district, f.fileName(), sender.channel());
      List<Long> opened = ingest.receiveStored(received, f.stored());
      runs.addAll(opened);
      audit.record(
          sender.actor(),
          sender.channel() + ".pull",
          district,
          f.fileName(),
          sender.remote(),
          "ok",
          "stored; runs " + opened);
    }
    CompletableFuture<List<RunSummary>> done = new CompletableFuture<>();
    worker.execute(
        () -> {
          try (LogContext logged = LogContext.district(district)) {
            done.complete(ingest.process(runs, read -> {}));
          } catch (RuntimeException e) {
            done.completeExceptionally(e);
          }
        });
    return done;
  }

  /** How a channel's file gets into the vault and its runs opened. */
  private interface Receiver {
    List<Long> receive(IngestService.Received received) throws IOException;
  }

  private Accepted accept(String district, String fileName, Sender sender, Receiver receiver)
      throws IOException {
    return accept(district, fileName, sender, receiver, processes);
  }

  /**
   * @param here whether this node processes the file's runs now, rather than leave them waiting for
   *     a worker node
   */
  private Accepted accept(
      String district, String fileName, Sender sender, Receiver receiver, boolean here)
      throws IOException {
    IngestService.Received received = ingest.now(district, fileName, sender.channel());
    List<Long> runs;
    try {
      runs = receiver.receive(received);
    } catch (IOException | RuntimeException e) {
      audit.record(
          sender.actor(),
          sender.channel() + ".upload",
          district,
          fileName,
          sender.remote(),
          "failed",
          "not stored: " + e.getClass().getSimpleName());
      throw e;
    }
    audit.record(
        sender.actor(),
        sender.channel() + ".upload",
        district,
        fileName,
        sender.remote(),
        "ok",
        "stored; runs " + runs);
    if (!here) {
      return new Accepted(runs, CompletableFuture.completedFuture(List.of()));
    }
    Future<List<RunSummary>> done =
        worker.submit(
            () -> {
              // The worker thread logs for this file's district, as the thread that received it
              // did.
              try (LogContext logged = LogContext.district(district)) {
                return process(district, fileName, received, runs);
              }
            });
    return new Accepted(runs, done);
  }

  private List<RunSummary> process(
      String district, String fileName, IngestService.Received received, List<Long> runs) {
    List<RunSummary> done;
    try {
      done = ingest.process(runs, read -> {});
    } catch (RuntimeException e) {
      // The runs stay waiting; a worker's next look at the queue takes them again.
      log.error("Runs {} of a received file could not be processed: {}", runs, e.toString());
      throw e;
    }
    if (done.stream().anyMatch(r -> r.status() == RunStatus.RECEIVED)) {
      // Another node holds a run of the file: the result is written by the node that finishes.
      return done;
    }
    try {
      buckets.writeResult(district, fileName + ".result.txt", report(fileName, received, done));
    } catch (IOException | RuntimeException e) {
      // The runs are done and the portal shows them; only the copy in the bucket is missing.
      log.error("The result file of runs {} could not be written: {}", runs, e.toString());
    }
    return done;
  }

  /** The result file: what a district IT person needs to act, one section per data file. */
  static String report(String fileName, IngestService.Received received, List<RunSummary> runs) {
    StringBuilder out = new StringBuilder();
    out.append("Pathways hub: result for ").append(fileName).append('\n');
    out.append("Received ")
        .append(WHEN.format(received.receivedAt().atZone(CENTRAL)))
        .append(" by ")
        .append(received.channel())
        .append("\n\n");
    for (RunSummary r : runs) {
      out.append("Run ")
          .append(r.runId())
          .append(": ")
          .append(r.file())
          .append(r.dataSet() == null ? "" : " (" + r.dataSet())
          .append(r.part() == null ? "" : ", " + r.part())
          .append(r.dataSet() == null ? "" : ")")
          .append(": ")
          .append(r.status())
          .append('\n');
      out.append("  ").append(r.message() == null ? "" : r.message()).append('\n');
      out.append(
          String.format(
              Locale.ROOT,
              "  rows read %d; added %d, updated %d, unchanged %d, deactivated %d; %d errors, %d"
                  + " warnings%n",
              r.rowsRead(),
              r.added(),
              r.updated(),
              r.unchanged(),
              r.deactivated(),
              r.errors(),
              r.warnings()));
      for (Issue i : r.issues()) {
        out.append("  ")
            .append(i.severity())
            .append(' ')
            .append(i.code())
            .append(i.line() > 0 ? " line " + i.line() : "")
            .append(i.column() == null ? "" : " column " + i.column())
            .append(i.value() == null ? "" : " value '" + i.value() + "'")
            .append(": ")
            .append(i.message())
            .append('\n');
      }
      if (r.errors() + r.warnings() > r.issues().size()) {
        out.append("  (the first ")
            .append(r.issues().size())
            .append(" issues are listed; the portal has them all)\n");
      }
      out.append('\n');
    }
    return out.toString();
  }

  @Override
  public void destroy() {
    poller.shutdownNow();
    worker.shutdownNow();
  }
}
