package org.pathways.hub.parse;

import java.io.Reader;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.Field;
import org.pathways.hub.district.Issue;
import org.pathways.hub.district.IssueCode;
import org.pathways.hub.district.Issues;
import org.pathways.hub.profile.ColumnSpec;
import org.pathways.hub.profile.FileSpec;
import org.pathways.hub.profile.Transform;

/**
 * Turns the text of one data file into canonical rows, following its profile's file specification:
 * header or fixed column order, value maps, native date patterns, transforms. Problems with the
 * header stop the file; problems with a record are reported on its line and the record is passed
 * over.
 */
public final class FileParser {

  /** Longest record read; a longer one is reported and skipped without being buffered. */
  public static final int DEFAULT_MAX_RECORD_CHARS = 1 << 20;

  private static final String DELIMITERS = "|,\t;";

  private final FileSpec spec;
  private final char delimiter;
  private final int maxRecordChars;

  public FileParser(FileSpec spec, char delimiter, int maxRecordChars) {
    this.spec = spec;
    this.delimiter = delimiter;
    this.maxRecordChars = maxRecordChars;
  }

  /** What the parser saw. */
  public record Result(boolean readable, long dataRows, long skippedRecords, List<String> header) {
    public Result {
      header = List.copyOf(header);
    }
  }

  /** Reads every record and hands each mapped row to {@code rows}. */
  public Result parse(Reader text, Issues issues, Consumer<CanonicalRow> rows) {
    return parse(text, issues, (row, sink) -> {}, rows);
  }

  /**
   * Reads every record, checks each mapped row with {@code check}, and hands it to {@code rows}.
   *
   * <p>Records are read, mapped and checked on a second thread ({@link ReadAhead}), ahead of the
   * caller, which gets each row with its issues already added to {@code issues} in the file's
   * order, exactly as if it had done the work itself: a record's mapping issues, then {@link
   * Issues#startRow()}, then its check's issues, so {@link Issues#rowHasErrors()} tells whether the
   * check found an error in it.
   *
   * @param check checks and normalizes one row in place; it runs on the reading thread, so it must
   *     keep no state between rows that another thread uses
   */
  public Result parse(
      Reader text,
      Issues issues,
      BiConsumer<CanonicalRow, Issues> check,
      Consumer<CanonicalRow> rows) {
    return parse(text, issues, check, row -> {}, rows);
  }

  /**
   * Reads every record as {@link #parse(Reader, Issues, BiConsumer, Consumer)} does, with work on
   * each checked row that either thread may do: {@code shared} runs on the reading thread while the
   * caller is behind (half the rows read ahead are waiting for it), and is left undone while the
   * caller keeps up, for {@code rows} to do itself. So the two threads share the work whichever is
   * the slower: on a first load the caller waits on the database and the reading thread does it; on
   * a night when nothing changed the caller has time, and the reading thread is the one to spare.
   *
   * @param shared work on a checked row that {@code rows} does itself when it was not done; it runs
   *     on the reading thread, so it must keep no state that another thread uses
   */
  public Result parse(
      Reader text,
      Issues issues,
      BiConsumer<CanonicalRow, Issues> check,
      Consumer<CanonicalRow> shared,
      Consumer<CanonicalRow> rows) {
    return parse(text, issues, check, shared, null, rows);
  }

  /**
   * Reads every record as {@link #parse(Reader, Issues, BiConsumer, Consumer, Consumer)} does, and
   * recognises the lines that {@code lines} knows before splitting them: each is handed to {@link
   * KnownLines#seen} instead of being mapped and checked. Every other row that is one whole line of
   * text, and that neither mapping nor {@code check} found an issue in, carries the hash of its
   * line ({@link CanonicalRow#lineHash()}), seeded with {@code lines}' seed and the file's header.
   *
   * @param lines the lines the district's live records were loaded from, or null to hash none
   */
  public Result parse(
      Reader text,
      Issues issues,
      BiConsumer<CanonicalRow, Issues> check,
      Consumer<CanonicalRow> shared,
      KnownLines lines,
      Consumer<CanonicalRow> rows) {
    DelimitedReader reader = new DelimitedReader(text, delimiter, maxRecordChars);
    Mapping mapping;
    List<String> header = List.of();
    RawRecord first = reader.next();
    if (first == null) {
      issues.add(
          IssueCode.EMPTY_FILE,
          0,
          null,
          null,
          "The file has no lines at all. Check that the export ran and wrote the "
              + spec.label()
              + " data before it was sent.");
      return new Result(false, 0, 0, header);
    }
    if (spec.header()) {
      if (first.isBroken()) {
        issues.add(
            first.problem() == RawRecord.Problem.LINE_TOO_LONG
                ? IssueCode.LINE_TOO_LONG
                : IssueCode.UNBALANCED_QUOTE,
            1,
            null,
            null,
            "The header line cannot be read; the file must start with one line naming its columns.");
        return new Result(false, 0, 0, header);
      }
      header = first.fields();
      mapping = fromHeader(first, issues);
      if (mapping == null) {
        return new Result(false, 0, 0, header);
      }
      first = null;
    } else {
      mapping = fixedOrder();
      if (!first.isBroken() && wrongDelimiter(first, issues)) {
        return new Result(false, 0, 0, header);
      }
    }
    if (lines != null) {
      // A renamed, added or reordered column changes what every line means, and so the seed.
      char[] named = String.join("\u001f", header).toCharArray();
      reader.hashLines(DelimitedReader.hash(lines.seed(), named, 0, named.length), lines);
    }
    Issues recorder = Issues.recorder(issues::severityOf);
    Mapping m = mapping;
    long data = 0;
    long skipped = 0;
    try (ReadAhead<Prepared> ahead =
        new ReadAhead<>(
            reader,
            first,
            (rec, callerBehind) ->
                prepare(rec, m, check, callerBehind ? shared : null, recorder))) {
      for (Prepared p = ahead.next(); p != null; p = ahead.next()) {
        if (p.known() >= 0) {
          data++;
          issues.startRow();
          lines.seen(p.known(), p.line());
          continue;
        }
        add(issues, p.mapped());
        if (p.row() == null) {
          skipped++;
          continue;
        }
        data++;
        issues.startRow();
        add(issues, p.checked());
        rows.accept(p.row());
      }
    }
    return new Result(true, data, skipped, header);
  }

  /**
   * A record as the reading thread leaves it: its row, or null when it was passed over or known;
   * the live record its line was loaded from, or -1.
   */
  private record Prepared(
      CanonicalRow row, List<Issue> mapped, List<Issue> checked, int known, long line) {

    Prepared(CanonicalRow row, List<Issue> mapped, List<Issue> checked) {
      this(row, mapped, checked, -1, 0);
    }
  }

  /** Maps and checks one record, on the reading thread. */
  private Prepared prepare(
      RawRecord rec,
      Mapping mapping,
      BiConsumer<CanonicalRow, Issues> check,
      Consumer<CanonicalRow> shared,
      Issues recorder) {
    if (rec.isKnown()) {
      return new Prepared(null, List.of(), List.of(), rec.known(), rec.line());
    }
    if (rec.isBroken()) {
      reportBroken(rec, mapping, recorder);
      return new Prepared(null, recorder.drain(), List.of());
    }
    CanonicalRow row = mapping.map(rec, recorder);
    List<Issue> mapped = recorder.drain();
    if (row == null) {
      return new Prepared(null, mapped, List.of());
    }
    check.accept(row, recorder);
    if (shared != null) {
      shared.accept(row);
    }
    List<Issue> checked = recorder.drain();
    if (mapped.isEmpty() && checked.isEmpty()) {
      // A line that raised an issue keeps no hash, so it is read again and its issue raised again.
      row.lineHash(rec.lineHash());
    }
    return new Prepared(row, mapped, checked);
  }

  private static void add(Issues issues, List<Issue> found) {
    for (Issue issue : found) {
      issues.add(issue);
    }
  }

  private void reportBroken(RawRecord rec, Mapping mapping, Issues issues) {
    String column = mapping.nameOfColumn(rec.problemField());
    if (rec.problem() == RawRecord.Problem.LINE_TOO_LONG) {
      issues.add(
          IssueCode.LINE_TOO_LONG,
          rec.line(),
          column,
          null,
          "Line "
              + rec.line()
              + " is longer than "
              + maxRecordChars / 1024
              + " KB, which no real record is; it was skipped. Check the export for a runaway field or a missing line end.");
    } else {
      issues.add(
          IssueCode.UNBALANCED_QUOTE,
          rec.line(),
          column,
          null,
          "A quote opened on line "
              + rec.line()
              + (column == null ? "" : " in column " + column)
              + " is never closed, so everything after it would be read as one value. Double every quote inside a quoted value (\"\") or remove the stray quote.");
    }
  }

  private Mapping fixedOrder() {
    int[] columnOfField = new int[spec.dataSet().fields().size()];
    java.util.Arrays.fill(columnOfField, -1);
    List<ColumnSpec> cols = spec.columns();
    for (int c = 0; c < cols.size(); c++) {
      if (!cols.get(c).ignored()) {
        columnOfField[spec.dataSet().indexOf(cols.get(c).field())] = c;
      }
    }
    List<String> names = cols.stream().map(ColumnSpec::column).toList();
    return new Mapping(columnOfField, cols, names, cols.size());
  }

  private Mapping fromHeader(RawRecord header, Issues issues) {
    List<String> names = new ArrayList<>();
    for (String raw : header.fields()) {
      names.add(normalizeName(raw));
    }
    if (names.size() == 1 && spec.columns().size() > 1 && wrongDelimiter(header, issues)) {
      return null;
    }
    Map<String, ColumnSpec> byName = new HashMap<>();
    for (ColumnSpec c : spec.columns()) {
      byName.put(normalizeName(c.column()), c);
    }
    DataSet ds = spec.dataSet();
    int[] columnOfField = new int[ds.fields().size()];
    java.util.Arrays.fill(columnOfField, -1);
    List<ColumnSpec> specOfColumn = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean fatal = false;
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      Integer before = seen.put(name, i);
      if (before != null && !name.isEmpty()) {
        issues.add(
            IssueCode.DUPLICATE_COLUMN,
            1,
            header.fields().get(i).trim(),
            null,
            "Column '"
                + header.fields().get(i).trim()
                + "' appears twice in the header (columns "
                + (before + 1)
                + " and "
                + (i + 1)
                + "); the hub cannot tell which one to use. Remove one of them from the export.");
        fatal = true;
        specOfColumn.add(null);
        continue;
      }
      ColumnSpec c = byName.get(name);
      specOfColumn.add(c);
      if (c == null) {
        if (!name.isEmpty()) {
          issues.add(
              IssueCode.UNKNOWN_COLUMN,
              1,
              header.fields().get(i).trim(),
              null,
              "Column '"
                  + header.fields().get(i).trim()
                  + "' is not part of the "
                  + spec.label()
                  + " layout and is ignored. Remove it from the export, or ask your integration engineer to map it.");
        }
      } else if (!c.ignored()) {
        columnOfField[ds.indexOf(c.field())] = i;
      }
    }
    List<String> missing = new ArrayList<>();
    for (int f = 0; f < ds.fields().size(); f++) {
      Field field = ds.fields().get(f);
      if (field.required()
          && columnOfField[f] < 0
          && !spec.scope().containsKey(field.name())
          && !spec.constants().containsKey(field.name())) {
        missing.add(spec.columnFor(field.name()).map(ColumnSpec::column).orElse(field.name()));
      }
    }
    for (String m : missing) {
      issues.add(
          IssueCode.MISSING_COLUMN,
          1,
          m,
          null,
          "The required column '"
              + m
              + "' is missing from the header of the "
              + spec.label()
              + " file. Add it to the export; the file was not loaded and yesterday's data stays live.");
      fatal = true;
    }
    if (fatal) {
      return null;
    }
    List<String> original = header.fields().stream().map(String::trim).toList();
    return new Mapping(columnOfField, specOfColumn, original, names.size());
  }

  private boolean wrongDelimiter(RawRecord first, Issues issues) {
    if (first.fields().size() != 1 || spec.columns().size() < 2) {
      return false;
    }
    String line = first.fields().get(0);
    for (char other : DELIMITERS.toCharArray()) {
      if (other != delimiter
          && line.indexOf(other) >= 0
          && line.split(java.util.regex.Pattern.quote(String.valueOf(other)), -1).length >= 2) {
        issues.add(
            IssueCode.WRONG_DELIMITER,
            first.line(),
            null,
            null,
            "The file is separated by "
                + describe(other)
                + " but the "
                + spec.label()
                + " layout expects "
                + describe(delimiter)
                + ". Change the export's delimiter, or ask your integration engineer to set "
                + describe(other)
                + " for your district.");
        return true;
      }
    }
    return false;
  }

  static String describe(char c) {
    return switch (c) {
      case '|' -> "pipes (|)";
      case ',' -> "commas (,)";
      case '\t' -> "tabs";
      case ';' -> "semicolons (;)";
      default -> "'" + c + "'";
    };
  }

  static String normalizeName(String raw) {
    String s = raw.replace("\uFEFF", "").trim();
    return s.toLowerCase(Locale.ROOT);
  }

  /** How the columns of this file map onto canonical fields. */
  private final class Mapping {
    private final int[] columnOfField;
    private final List<String> columnNames;
    private final int width;
    private final ColumnSpec[] specOfField;
    private final DateTimeFormatter[] formatOfField;
    private final Transform[] transformOfField;
    private final String[] defaults;

    Mapping(
        int[] columnOfField, List<ColumnSpec> specOfColumn, List<String> columnNames, int width) {
      this.columnOfField = columnOfField;
      this.columnNames = columnNames;
      this.width = width;
      DataSet ds = spec.dataSet();
      int n = ds.fields().size();
      specOfField = new ColumnSpec[n];
      formatOfField = new DateTimeFormatter[n];
      transformOfField = new Transform[n];
      defaults = new String[n];
      for (int f = 0; f < n; f++) {
        String name = ds.fields().get(f).name();
        defaults[f] = spec.constants().getOrDefault(name, spec.scope().get(name));
        int c = columnOfField[f];
        if (c >= 0) {
          ColumnSpec cs = specOfColumn.get(c);
          specOfField[f] = cs;
          if (cs.format() != null) {
            formatOfField[f] =
                DateTimeFormatter.ofPattern(cs.format().replace('y', 'u'), Locale.ROOT)
                    .withResolverStyle(ResolverStyle.STRICT);
          }
          if (cs.transform() != null) {
            transformOfField[f] = Transform.byId(cs.transform()).orElseThrow();
          }
        }
      }
    }

    String nameOfColumn(int column) {
      return column >= 0 && column < columnNames.size() ? columnNames.get(column) : null;
    }

    CanonicalRow map(RawRecord rec, Issues issues) {
      List<String> fields = rec.fields();
      if (fields.size() != width && !onlyBlankExtras(fields)) {
        issues.add(
            IssueCode.RAGGED_ROW,
            rec.line(),
            null,
            null,
            "Line "
                + rec.line()
                + " has "
                + fields.size()
                + " fields but the "
                + (spec.header() ? "header has " : "layout has ")
                + width
                + ". A value probably holds the delimiter without quotes, or a field is missing; the line was skipped.");
        return null;
      }
      String[] values = new String[columnOfField.length];
      for (int f = 0; f < columnOfField.length; f++) {
        int c = columnOfField[f];
        String v = c >= 0 ? fields.get(c).trim() : null;
        if (v == null || v.isEmpty()) {
          values[f] = defaults[f];
          continue;
        }
        ColumnSpec cs = specOfField[f];
        if (!cs.values().isEmpty()) {
          String mapped = cs.values().get(v.toUpperCase(Locale.ROOT));
          if (mapped != null) {
            v = mapped;
          }
        }
        if (transformOfField[f] != null) {
          v = transformOfField[f].toCanonical(v);
        }
        if (formatOfField[f] != null) {
          try {
            v = LocalDate.parse(v, formatOfField[f]).toString();
          } catch (DateTimeParseException e) {
            // left as received: the validator names the value and the expected pattern
          }
        }
        values[f] = v;
      }
      return new CanonicalRow(rec.line(), values);
    }

    private boolean onlyBlankExtras(List<String> fields) {
      if (fields.size() < width) {
        return false;
      }
      for (int i = width; i < fields.size(); i++) {
        if (!fields.get(i).isBlank()) {
          return false;
        }
      }
      return true;
    }
  }
}
