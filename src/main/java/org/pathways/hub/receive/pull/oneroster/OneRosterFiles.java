package org.pathways.hub.receive.pull.oneroster;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.pathways.hub.district.State;
import org.pathways.hub.pipeline.IngestService;
import org.pathways.hub.receive.pull.oneroster.OneRosterConverter.Output;
import org.pathways.hub.vault.StoredFile;

/**
 * Converts a OneRoster data set into Standard Layout files written straight into the vault: the
 * converter's rows are encrypted as they are produced, so no clear copy of student data ever lies
 * on disk. Either every file is stored, or none is: a source that fails midway leaves nothing
 * behind to be applied.
 */
public final class OneRosterFiles {

  private OneRosterFiles() {}

  /** One converted file, stored, and the rows it holds. */
  public record Converted(Output output, IngestService.Derived file, long rows) {}

  /** The part of a conversion that writes one file. */
  private interface Body {
    long write(Writer out) throws IOException;
  }

  /**
   * Converts {@code source} for {@code district}.
   *
   * @param withCourses whether the source carries a course catalog at all
   */
  public static List<Converted> convert(
      IngestService ingest,
      String district,
      State state,
      OneRosterSource source,
      boolean withCourses)
      throws IOException {
    OneRosterConverter converter = new OneRosterConverter(state);
    List<Converted> done = new ArrayList<>();
    ExecutorService storer =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "oneroster-store");
              t.setDaemon(true);
              return t;
            });
    try {
      done.add(
          store(ingest, storer, district, Output.STUDENTS, out -> converter.students(source, out)));
      done.add(
          store(ingest, storer, district, Output.TEACHERS, out -> converter.teachers(source, out)));
      if (withCourses) {
        done.add(
            store(
                ingest,
                storer,
                district,
                Output.COURSE_CROSSWALK,
                out -> converter.courses(source, out)));
      }
      return List.copyOf(done);
    } catch (IOException | RuntimeException e) {
      // Nothing of a failed conversion is registered; what was stored is removed again.
      discard(ingest, done);
      throw e;
    } finally {
      storer.shutdownNow();
    }
  }

  /** Removes converted files that will not be registered. */
  public static void discard(IngestService ingest, List<Converted> files) {
    for (Converted c : files) {
      try {
        ingest.delete(c.file().stored());
      } catch (IOException | RuntimeException ignored) {
        // An unregistered blob is swept by the vault's retention pass.
      }
    }
  }

  private static Converted store(
      IngestService ingest, ExecutorService storer, String district, Output output, Body body)
      throws IOException {
    PipedInputStream in = new PipedInputStream(1 << 16);
    PipedOutputStream pipe = new PipedOutputStream(in);
    Future<StoredFile> stored =
        storer.submit(
            () -> {
              try (InputStream read = in) {
                return ingest.store(district, output.fileName(), read);
              }
            });
    Writer out = new BufferedWriter(new OutputStreamWriter(pipe, StandardCharsets.UTF_8));
    long rows;
    try {
      rows = body.write(out);
      out.close();
    } catch (IOException | RuntimeException e) {
      // The vault's store is interrupted, so it fails and keeps nothing: closing the writing end
      // would end the file early and store it cut short, and a pipe's reader does not notice its
      // own end being closed while it waits.
      stored.cancel(true);
      throw e;
    }
    return new Converted(
        output, new IngestService.Derived(output.fileName(), waitFor(stored, output)), rows);
  }

  private static StoredFile waitFor(Future<StoredFile> stored, Output output) throws IOException {
    try {
      return stored.get();
    } catch (ExecutionException e) {
      throw new IOException(
          "The vault could not store the converted " + output.fileName(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("Interrupted while storing " + output.fileName());
    }
  }
}
