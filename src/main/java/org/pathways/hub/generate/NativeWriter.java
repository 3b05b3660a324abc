package org.pathways.hub.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.Field;
import org.pathways.hub.district.State;
import org.pathways.hub.profile.ColumnSpec;
import org.pathways.hub.profile.FileSpec;
import org.pathways.hub.profile.Profile;

/**
 * Writes a generated district as one SIS would send it: one file per file of the profile, named
 * after the profile's first file-name pattern, with its delimiter, header (or none), columns, value
 * codes and date patterns. UTF-8, LF line ends, fields quoted (RFC 4180) only where they must be.
 * Rows stream from the district straight to the file.
 */
public final class NativeWriter {

  private static final int BUFFER_CHARS = 1 << 16;

  private final String fileNameSuffix;

  /**
   * @param fileNameSuffix what stands for the {@code *} of a file-name pattern, such as {@code
   *     _20261128}, or empty
   */
  public NativeWriter(String fileNameSuffix) {
    Objects.requireNonNull(fileNameSuffix, "fileNameSuffix");
    if (fileNameSuffix.contains("/") || fileNameSuffix.contains("\\")) {
      throw new IllegalArgumentException(
          "File name suffix '" + fileNameSuffix + "' must not contain a path separator");
    }
    this.fileNameSuffix = fileNameSuffix;
  }

  /** A writer whose file names carry the day, as nightly exports do: {@code students_20261128}. */
  public static NativeWriter dated(LocalDate day) {
    return new NativeWriter(dateSuffix(day));
  }

  /** What {@link #dated} puts in a file's name for the day: {@code _20261128}. */
  public static String dateSuffix(LocalDate day) {
    return "_" + day.format(DateTimeFormatter.BASIC_ISO_DATE);
  }

  /**
   * Writes every file of the profile that the district has data for into {@code outDir} (created if
   * missing). Where the profile sends a data set in parts (grades history and current) and also
   * accepts it whole, only the parts are written: the whole file would send every row twice. IBC
   * files are written for Texas districts only.
   *
   * @throws IllegalArgumentException if the profile does not serve the district's state
   */
  public GenerateSummary write(Profile profile, GeneratedDistrict district, Path outDir)
      throws IOException {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(district, "district");
    if (!profile.states().contains(district.state())) {
      throw new IllegalArgumentException(
          "Profile "
              + profile.id()
              + " serves "
              + profile.states()
              + ", not the "
              + district.state()
              + " district "
              + district.districtName());
    }
    Files.createDirectories(outDir);
    List<FileSpec> specs =
        profile.files().stream().filter(f -> writes(profile, f, district.state())).toList();
    List<String> fileNames = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    for (FileSpec spec : specs) {
      String name = fileName(spec, profile.delimiterOf(spec));
      if (!taken.add(name.toLowerCase(Locale.ROOT))) {
        name = insertBeforeExtension(name, "_" + (spec.part() == null ? "all" : spec.part()));
        taken.add(name.toLowerCase(Locale.ROOT));
      }
      fileNames.add(name);
    }
    // The files of one data set are written in one pass: the grades parts share one replay of
    // every transcript instead of one each.
    long[] rows = new long[specs.size()];
    Set<DataSet> done = new HashSet<>();
    for (FileSpec spec : specs) {
      if (!done.add(spec.dataSet())) {
        continue;
      }
      List<Integer> same = new ArrayList<>();
      for (int i = 0; i < specs.size(); i++) {
        if (specs.get(i).dataSet() == spec.dataSet()) {
          same.add(i);
        }
      }
      List<OpenFile> files = new ArrayList<>();
      for (int i : same) {
        files.add(new OpenFile(profile, specs.get(i), outDir.resolve(fileNames.get(i))));
      }
      writeFiles(district, spec.dataSet(), files);
      for (int k = 0; k < same.size(); k++) {
        rows[same.get(k)] = files.get(k).rows;
      }
    }
    List<GenerateSummary.WrittenFile> written = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      FileSpec spec = specs.get(i);
      written.add(
          new GenerateSummary.WrittenFile(fileNames.get(i), spec.dataSet(), spec.part(), rows[i]));
    }
    return new GenerateSummary(
        profile.id(),
        district.state(),
        district.districtId(),
        district.districtName(),
        district.code(),
        district.today(),
        district.studentCount(),
        outDir,
        written);
  }

  private static boolean writes(Profile profile, FileSpec spec, State state) {
    if (spec.dataSet() == DataSet.IBC && state != State.TX) {
      return false;
    }
    return spec.part() != null || !partsCoverAll(profile, spec.dataSet());
  }

  /**
   * Whether the profile's parts of a data set together take every row: each part is scoped by the
   * same coded field and together they name all its codes, as {@code grade_status} {@code FINAL}
   * and {@code IN_PROGRESS} do.
   */
  static boolean partsCoverAll(Profile profile, DataSet dataSet) {
    List<FileSpec> parts =
        profile.files().stream().filter(f -> f.dataSet() == dataSet && f.part() != null).toList();
    if (parts.isEmpty()) {
      return false;
    }
    String field = null;
    Set<String> covered = new HashSet<>();
    for (FileSpec part : parts) {
      if (part.scope().size() != 1) {
        return false;
      }
      Map.Entry<String, String> scope = part.scope().entrySet().iterator().next();
      if (field != null && !field.equals(scope.getKey())) {
        return false;
      }
      field = scope.getKey();
      covered.add(scope.getValue().toUpperCase(Locale.ROOT));
    }
    Field f = dataSet.field(field).orElse(null);
    return f != null && !f.codes().isEmpty() && covered.containsAll(f.codes());
  }

  private static void writeFiles(GeneratedDistrict district, DataSet dataSet, List<OpenFile> files)
      throws IOException {
    boolean complete = false;
    try {
      for (OpenFile f : files) {
        f.open();
      }
      district.forEach(
          dataSet,
          row -> {
            for (OpenFile f : files) {
              f.accept(row);
            }
          });
      for (OpenFile f : files) {
        f.close();
      }
      for (OpenFile f : files) {
        f.publish();
      }
      complete = true;
    } catch (UncheckedIOException e) {
      throw new IOException(e.getMessage(), e.getCause());
    } finally {
      if (!complete) {
        for (OpenFile f : files) {
          f.discard();
        }
      }
    }
  }

  /**
   * One file being written: its columns and filter, and the writer of a hidden file beside it that
   * is moved into place whole, so a watcher never picks up a half-written file.
   */
  private static final class OpenFile {
    private final FileSpec spec;
    private final Path target;
    private final Path temp;
    private final char delimiter;
    private final List<NativeColumn> columns = new ArrayList<>();
    private final RowFilter filter;
    private Writer out;
    private long rows;

    OpenFile(Profile profile, FileSpec spec, Path target) {
      this.spec = spec;
      this.target = target;
      this.temp = target.resolveSibling("." + target.getFileName() + ".part");
      this.delimiter = profile.delimiterOf(spec);
      for (ColumnSpec c : spec.columns()) {
        columns.add(NativeColumn.of(profile, spec.dataSet(), c));
      }
      this.filter = new RowFilter(spec.dataSet(), spec);
    }

    void open() throws IOException {
      out =
          new BufferedWriter(
              new OutputStreamWriter(Files.newOutputStream(temp), StandardCharsets.UTF_8),
              BUFFER_CHARS);
      if (spec.header()) {
        for (int i = 0; i < columns.size(); i++) {
          if (i > 0) {
            out.write(delimiter);
          }
          writeField(out, columns.get(i).name(), delimiter);
        }
        out.write('\n');
      }
    }

    void accept(String[] row) {
      if (!filter.accepts(row)) {
        return;
      }
      try {
        for (int i = 0; i < columns.size(); i++) {
          if (i > 0) {
            out.write(delimiter);
          }
          writeField(out, columns.get(i).value(row), delimiter);
        }
        out.write('\n');
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write " + target, e);
      }
      rows++;
    }

    void close() throws IOException {
      Writer w = out;
      out = null;
      if (w != null) {
        w.close();
      }
    }

    void publish() throws IOException {
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }

    /** Closes and deletes what a failed run left; the first failure is the one reported. */
    void discard() {
      try {
        close();
      } catch (IOException e) {
        // the run already failed with its own cause
      }
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        // a stray hidden file is harmless; the run already failed with its own cause
      }
    }
  }

  private static void writeField(Writer out, String value, char delimiter) throws IOException {
    boolean quote = false;
    for (int i = 0; i < value.length() && !quote; i++) {
      char c = value.charAt(i);
      quote = c == delimiter || c == '"' || c == '\n' || c == '\r';
    }
    if (!quote) {
      out.write(value);
      return;
    }
    out.write('"');
    out.write(value.replace("\"", "\"\""));
    out.write('"');
  }

  /**
   * The file name from the first pattern: the last {@code *} becomes the suffix, any other is
   * dropped, {@code ?} becomes {@code 0}, a character class its first character; {@code .csv} for
   * comma-separated files, {@code .txt} otherwise.
   */
  String fileName(FileSpec spec, char delimiter) {
    String glob = spec.names().get(0);
    int lastStar = glob.lastIndexOf('*');
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*') {
        b.append(i == lastStar ? fileNameSuffix : "");
      } else if (c == '?') {
        b.append('0');
      } else if (c == '[') {
        int end = glob.indexOf(']', i + 1);
        String set = end < 0 ? "" : glob.substring(i + 1, end);
        b.append(
            set.isEmpty() || set.charAt(0) == '!' || set.charAt(0) == '^' ? 'x' : set.charAt(0));
        i = end < 0 ? glob.length() : end;
      } else if (c == '{') {
        int end = glob.indexOf('}', i + 1);
        String alternatives = end < 0 ? "" : glob.substring(i + 1, end);
        int comma = alternatives.indexOf(',');
        b.append(comma < 0 ? alternatives : alternatives.substring(0, comma));
        i = end < 0 ? glob.length() : end;
      } else {
        b.append(c);
      }
    }
    return b + (delimiter == ',' ? ".csv" : ".txt");
  }

  private static String insertBeforeExtension(String name, String insert) {
    int dot = name.lastIndexOf('.');
    return name.substring(0, dot) + insert + name.substring(dot);
  }

  /**
   * The rows a file may carry: those inside its scope, and none that contradicts a constant the
   * reader will set on every row (a file without a {@code gpa_type} column that the profile calls
   * {@code WEIGHTED} must not carry the unweighted rows).
   */
  private static final class RowFilter {
    private final int[] scopeFields;
    private final String[] scopeValues;
    private final int[] constantFields;
    private final String[] constantValues;

    RowFilter(DataSet dataSet, FileSpec spec) {
      scopeFields = new int[spec.scope().size()];
      scopeValues = new String[spec.scope().size()];
      int i = 0;
      for (Map.Entry<String, String> e : spec.scope().entrySet()) {
        scopeFields[i] = dataSet.indexOf(e.getKey());
        scopeValues[i++] = e.getValue();
      }
      constantFields = new int[spec.constants().size()];
      constantValues = new String[spec.constants().size()];
      i = 0;
      for (Map.Entry<String, String> e : spec.constants().entrySet()) {
        constantFields[i] = dataSet.indexOf(e.getKey());
        constantValues[i++] = e.getValue();
      }
    }

    boolean accepts(String[] row) {
      for (int i = 0; i < scopeFields.length; i++) {
        if (!scopeValues[i].equalsIgnoreCase(row[scopeFields[i]])) {
          return false;
        }
      }
      for (int i = 0; i < constantFields.length; i++) {
        String v = row[constantFields[i]];
        if (v != null && !v.isEmpty() && !constantValues[i].equalsIgnoreCase(v)) {
          return false;
        }
      }
      return true;
    }
  }
}
