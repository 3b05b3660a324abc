package org.pathways.hub.parse;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.pathways.hub.district.IssueCode;

/**
 * Opens the data files inside a received file: the file itself, the one file inside a {@code .gz},
 * or each file inside a {@code .zip}. Every stream it hands out is bounded by {@link
 * ArchiveLimits}.
 */
public final class Unpacker {

  private final ArchiveLimits limits;

  public Unpacker(ArchiveLimits limits) {
    this.limits = limits;
  }

  /** One data file of a received file. */
  public record Entry(String name, StreamSource source) {}

  /**
   * Lists the data files of {@code fileName}. For a zip this reads the whole archive once, so a
   * bomb is found before anything is parsed.
   */
  public List<Entry> entries(String fileName, StreamSource raw) throws IOException {
    String lower = fileName.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".gz")) {
      String inner = fileName.substring(0, fileName.length() - 3);
      return List.of(new Entry(inner, () -> gunzip(raw)));
    }
    if (!lower.endsWith(".zip")) {
      return List.of(new Entry(fileName, raw));
    }
    List<Entry> entries = new ArrayList<>();
    try (CountingStream counted = new CountingStream(raw.open());
        ZipInputStream zip = new ZipInputStream(counted)) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        if (e.isDirectory() || isJunk(e.getName())) {
          continue;
        }
        if (entries.size() >= limits.maxEntries()) {
          throw new ArchiveException(
              IssueCode.ARCHIVE_TOO_LARGE,
              "The zip holds more than "
                  + limits.maxEntries()
                  + " files; send one zip per night with one file per data set");
        }
        String name = e.getName();
        drain(new Limited(zip, counted, name));
        entries.add(new Entry(baseName(name), () -> openZipEntry(raw, baseName(name))));
      }
    } catch (ZipException e) {
      throw new ArchiveException(
          IssueCode.ARCHIVE_UNREADABLE,
          "The zip file cannot be read ("
              + e.getMessage()
              + "); send it again, or send the files uncompressed");
    }
    if (entries.isEmpty()) {
      throw new ArchiveException(IssueCode.ARCHIVE_UNREADABLE, "The zip file holds no data file");
    }
    return List.copyOf(entries);
  }

  /**
   * Opens one data file of a received file by the name {@link #entries} gave it, without reading
   * the other files of an archive. The limits apply to it as they did when it was listed.
   */
  /** Whether a received file is read through an archive rather than as it was received. */
  public static boolean isArchive(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    return lower.endsWith(".gz") || lower.endsWith(".zip");
  }

  public StreamSource entry(String fileName, StreamSource raw, String entryName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".gz")) {
      return () -> gunzip(raw);
    }
    if (lower.endsWith(".zip")) {
      return () -> openZipEntry(raw, entryName);
    }
    return raw;
  }

  private InputStream gunzip(StreamSource raw) throws IOException {
    CountingStream counted = new CountingStream(raw.open());
    try {
      return new Limited(new GZIPInputStream(counted, 1 << 16), counted, "the .gz file");
    } catch (java.util.zip.ZipException e) {
      counted.close();
      throw new ArchiveException(
          IssueCode.ARCHIVE_UNREADABLE,
          "The .gz file cannot be read ("
              + e.getMessage()
              + "); send it again, or send the file uncompressed");
    }
  }

  private InputStream openZipEntry(StreamSource raw, String name) throws IOException {
    CountingStream counted = new CountingStream(raw.open());
    ZipInputStream zip = new ZipInputStream(counted);
    ZipEntry e;
    while ((e = zip.getNextEntry()) != null) {
      if (!e.isDirectory() && !isJunk(e.getName()) && baseName(e.getName()).equals(name)) {
        return new Limited(zip, counted, name);
      }
    }
    zip.close();
    throw new ArchiveException(IssueCode.ARCHIVE_UNREADABLE, "The zip no longer holds " + name);
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buf = new byte[1 << 16];
    while (in.read(buf) >= 0) {
      // reading is the point: it enforces the limits on the way
    }
  }

  private static boolean isJunk(String name) {
    String base = baseName(name);
    return name.startsWith("__MACOSX/") || base.startsWith(".") || base.isEmpty();
  }

  private static String baseName(String name) {
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    return name.substring(slash + 1);
  }

  /** Counts the compressed bytes read from the underlying file, to measure the expansion ratio. */
  private static final class CountingStream extends FilterInputStream {
    private long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }

  /** Stops an expanding stream at the limits with an error that says what happened. */
  private final class Limited extends FilterInputStream {
    private final CountingStream compressed;
    private final String what;
    private long expanded;

    Limited(InputStream in, CountingStream compressed, String what) {
      super(in);
      this.compressed = compressed;
      this.what = what;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        expanded += n;
        check();
      }
      return n;
    }

    private void check() throws ArchiveException {
      if (expanded > limits.maxEntryBytes()) {
        throw new ArchiveException(
            IssueCode.ARCHIVE_TOO_LARGE,
            what
                + " expands to more than "
                + limits.maxEntryBytes()
                + " bytes, the limit for one file; split it or send it uncompressed");
      }
      if (expanded > limits.ratioFloorBytes()
          && expanded > (long) limits.maxRatio() * Math.max(1, compressed.count)) {
        throw new ArchiveException(
            IssueCode.ARCHIVE_TOO_LARGE,
            what
                + " expands more than "
                + limits.maxRatio()
                + " times its compressed size, which real data files never do; it was not opened (a zip bomb?)");
      }
    }
  }
}
