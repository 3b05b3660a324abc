package org.pathways.hub.profile;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.Field;
import org.pathways.hub.district.IssueCode;
import org.pathways.hub.district.Severity;
import org.pathways.hub.district.State;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads a profile, or a district's override of one, from YAML. Unknown keys and unknown fields are
 * refused with the place they stand, so a typo in a profile never silently drops a column.
 */
public final class ProfileReader {

  private static final Set<String> PROFILE_KEYS =
      Set.of(
          "id",
          "name",
          "sis",
          "states",
          "delimiter",
          "dateFormats",
          "tolerance",
          "severities",
          "files",
          "description");
  private static final Set<String> FILE_KEYS =
      Set.of(
          "dataset",
          "part",
          "names",
          "header",
          "delimiter",
          "columns",
          "scope",
          "constants",
          "notes");
  private static final Set<String> OVERRIDE_FILE_KEYS =
      Set.of("dataset", "part", "names", "header", "delimiter", "columns", "rename");
  private static final Set<String> COLUMN_KEYS =
      Set.of("column", "field", "values", "format", "transform", "notes");

  private ProfileReader() {}

  /** Reads a whole profile. {@code source} names it in error messages. */
  public static Profile read(InputStream in, String source) {
    Map<String, Object> root = load(in, source);
    return parseProfile(root, source);
  }

  /**
   * Applies a district's override to a profile: the profile-wide delimiter, tolerance and
   * severities, and per file its names, header flag, delimiter, a column rename or a whole column
   * list.
   */
  public static Profile override(Profile base, InputStream in, String source) {
    Map<String, Object> root = load(in, source);
    checkKeys(root, Set.of("delimiter", "tolerance", "severities", "files", "dateFormats"), source);
    char delimiter =
        root.containsKey("delimiter") ? delimiter(root.get("delimiter"), source) : base.delimiter();
    Tolerance tolerance =
        root.containsKey("tolerance")
            ? enumValue(Tolerance.class, root.get("tolerance"), source + ": tolerance")
            : base.tolerance();
    Map<IssueCode, Severity> severities = new EnumMap<>(IssueCode.class);
    severities.putAll(base.severities());
    severities.putAll(severities(root.get("severities"), source));
    List<String> dateFormats =
        root.containsKey("dateFormats")
            ? strings(root.get("dateFormats"), source + ": dateFormats")
            : base.dateFormats();
    List<FileSpec> files = new ArrayList<>(base.files());
    for (Object o : list(root.get("files"), source + ": files")) {
      Map<String, Object> f = map(o, source + ": files");
      String where = source + ": files[" + f.get("dataset") + "]";
      checkKeys(f, OVERRIDE_FILE_KEYS, where);
      DataSet ds = dataSet(f.get("dataset"), where);
      String part = (String) f.get("part");
      int index = -1;
      for (int i = 0; i < files.size(); i++) {
        FileSpec s = files.get(i);
        if (s.dataSet() == ds && java.util.Objects.equals(s.part(), part)) {
          index = i;
        }
      }
      if (index < 0) {
        throw new ProfileException(
            where + ": profile " + base.id() + " sends no " + ds.id() + " file to override");
      }
      FileSpec old = files.get(index);
      List<ColumnSpec> columns =
          f.containsKey("columns") ? columns(f.get("columns"), ds, where) : old.columns();
      if (f.containsKey("rename")) {
        Map<String, Object> rename = map(f.get("rename"), where + ": rename");
        List<ColumnSpec> renamed = new ArrayList<>();
        Set<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (ColumnSpec c : columns) {
          Object to = rename.get(c.column());
          if (to != null) {
            seen.add(c.column());
          }
          renamed.add(
              to == null
                  ? c
                  : new ColumnSpec(
                      String.valueOf(to), c.field(), c.values(), c.format(), c.transform()));
        }
        for (String from : rename.keySet()) {
          if (!seen.contains(from)) {
            throw new ProfileException(
                where + ": rename names column '" + from + "', which the profile does not have");
          }
        }
        columns = renamed;
      }
      files.set(
          index,
          new FileSpec(
              ds,
              part,
              f.containsKey("names") ? strings(f.get("names"), where + ": names") : old.names(),
              f.containsKey("header") ? bool(f.get("header"), where + ": header") : old.header(),
              f.containsKey("delimiter")
                  ? Character.valueOf(delimiter(f.get("delimiter"), where))
                  : old.delimiter(),
              columns,
              old.scope(),
              old.constants()));
    }
    Profile result =
        new Profile(
            base.id(),
            base.name(),
            base.sis(),
            base.states(),
            delimiter,
            dateFormats,
            tolerance,
            severities,
            files);
    files.forEach(f -> checkCoverage(f, source));
    return result;
  }

  private static Profile parseProfile(Map<String, Object> root, String source) {
    checkKeys(root, PROFILE_KEYS, source);
    String id = required(root, "id", source);
    String where = source + " (" + id + ")";
    Set<State> states = new java.util.HashSet<>();
    for (String s : strings(root.get("states"), where + ": states")) {
      states.add(enumValue(State.class, s, where + ": states"));
    }
    List<FileSpec> files = new ArrayList<>();
    for (Object o : list(root.get("files"), where + ": files")) {
      files.add(fileSpec(map(o, where + ": files"), where));
    }
    if (files.isEmpty()) {
      throw new ProfileException(where + ": a profile must describe at least one file");
    }
    Profile p =
        new Profile(
            id,
            required(root, "name", where),
            root.getOrDefault("sis", id).toString(),
            states,
            root.containsKey("delimiter") ? delimiter(root.get("delimiter"), where) : '|',
            root.containsKey("dateFormats")
                ? strings(root.get("dateFormats"), where + ": dateFormats")
                : List.of(),
            root.containsKey("tolerance")
                ? enumValue(Tolerance.class, root.get("tolerance"), where + ": tolerance")
                : Tolerance.REJECT_FILE,
            severities(root.get("severities"), where),
            files);
    p.files().forEach(f -> checkCoverage(f, where));
    return p;
  }

  private static FileSpec fileSpec(Map<String, Object> f, String source) {
    String where =
        source
            + ": files["
            + f.get("dataset")
            + (f.get("part") == null ? "" : "/" + f.get("part"))
            + "]";
    checkKeys(f, FILE_KEYS, where);
    DataSet ds = dataSet(f.get("dataset"), where);
    Map<String, String> scope = fieldValues(f.get("scope"), ds, where + ": scope");
    Map<String, String> constants = fieldValues(f.get("constants"), ds, where + ": constants");
    List<String> names = strings(f.get("names"), where + ": names");
    if (names.isEmpty()) {
      throw new ProfileException(where + ": names must list at least one file-name pattern");
    }
    return new FileSpec(
        ds,
        (String) f.get("part"),
        names,
        f.containsKey("header") ? bool(f.get("header"), where + ": header") : true,
        f.containsKey("delimiter") ? delimiter(f.get("delimiter"), where) : null,
        columns(f.get("columns"), ds, where),
        scope,
        constants);
  }

  private static List<ColumnSpec> columns(Object value, DataSet ds, String where) {
    if ("standard".equals(value)) {
      return ds.fields().stream()
          .map(fl -> new ColumnSpec(fl.name(), fl.name(), Map.of(), null, null))
          .toList();
    }
    List<ColumnSpec> out = new ArrayList<>();
    Set<String> columnNames = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    Set<String> fields = new TreeSet<>();
    for (Object o : list(value, where + ": columns")) {
      ColumnSpec c;
      if (o instanceof String s) {
        c = new ColumnSpec(s, ds.field(s).isPresent() ? s : null, Map.of(), null, null);
      } else {
        Map<String, Object> m = map(o, where + ": columns");
        if (m.size() == 1 && !m.containsKey("column")) {
          Map.Entry<String, Object> e = m.entrySet().iterator().next();
          c =
              new ColumnSpec(
                  e.getKey(),
                  e.getValue() == null ? null : e.getValue().toString(),
                  Map.of(),
                  null,
                  null);
        } else {
          String cw = where + ": column " + m.get("column");
          checkKeys(m, COLUMN_KEYS, cw);
          Map<String, String> values = new LinkedHashMap<>();
          if (m.get("values") != null) {
            map(m.get("values"), cw + ": values")
                .forEach((k, v) -> values.put(k.toUpperCase(Locale.ROOT), String.valueOf(v)));
          }
          String transform = (String) m.get("transform");
          if (transform != null && Transform.byId(transform).isEmpty()) {
            throw new ProfileException(cw + ": unknown transform '" + transform + "'");
          }
          c =
              new ColumnSpec(
                  required(m, "column", cw),
                  m.get("field") == null ? null : m.get("field").toString(),
                  values,
                  (String) m.get("format"),
                  transform);
          if (c.format() != null) {
            try {
              var unused = java.time.format.DateTimeFormatter.ofPattern(c.format(), Locale.ROOT);
            } catch (IllegalArgumentException e) {
              throw new ProfileException(
                  cw + ": date format '" + c.format() + "' is not a pattern", e);
            }
          }
        }
      }
      if (c.field() != null && ds.field(c.field()).isEmpty()) {
        throw new ProfileException(
            where
                + ": column '"
                + c.column()
                + "' maps to '"
                + c.field()
                + "', which is not a field of "
                + ds.id());
      }
      if (!columnNames.add(c.column())) {
        throw new ProfileException(where + ": column '" + c.column() + "' is listed twice");
      }
      if (c.field() != null && !fields.add(c.field())) {
        throw new ProfileException(where + ": field '" + c.field() + "' is filled by two columns");
      }
      out.add(c);
    }
    if (out.isEmpty()) {
      throw new ProfileException(where + ": columns must list the file's columns");
    }
    return out;
  }

  /** Every required field must come from a column, the scope or a constant. */
  private static void checkCoverage(FileSpec f, String where) {
    for (Field field : f.dataSet().fields()) {
      if (field.required()
          && f.columnFor(field.name()).isEmpty()
          && !f.scope().containsKey(field.name())
          && !f.constants().containsKey(field.name())) {
        throw new ProfileException(
            where
                + ": the "
                + f.label()
                + " file has no column for the required field '"
                + field.name()
                + "'");
      }
    }
  }

  private static Map<String, String> fieldValues(Object value, DataSet ds, String where) {
    Map<String, String> out = new LinkedHashMap<>();
    if (value == null) {
      return out;
    }
    map(value, where)
        .forEach(
            (k, v) -> {
              if (ds.field(k).isEmpty()) {
                throw new ProfileException(where + ": '" + k + "' is not a field of " + ds.id());
              }
              out.put(k, String.valueOf(v));
            });
    return out;
  }

  private static Map<IssueCode, Severity> severities(Object value, String where) {
    Map<IssueCode, Severity> out = new EnumMap<>(IssueCode.class);
    if (value == null) {
      return out;
    }
    map(value, where + ": severities")
        .forEach(
            (k, v) -> {
              IssueCode code = enumValue(IssueCode.class, k, where + ": severities");
              Severity severity = enumValue(Severity.class, v, where + ": severities." + k);
              // Errors stay errors: a value the store cannot hold must never be loaded.
              if (code.defaultSeverity() == Severity.ERROR && severity != Severity.ERROR) {
                throw new ProfileException(
                    where
                        + ": severities."
                        + k
                        + " is an error and cannot be lowered to "
                        + severity);
              }
              out.put(code, severity);
            });
    return out;
  }

  private static DataSet dataSet(Object value, String where) {
    if (value == null) {
      throw new ProfileException(where + ": dataset is required");
    }
    return DataSet.byId(value.toString())
        .orElseThrow(() -> new ProfileException(where + ": unknown data set '" + value + "'"));
  }

  private static char delimiter(Object value, String where) {
    String s = String.valueOf(value);
    if ("tab".equalsIgnoreCase(s) || "\\t".equals(s)) {
      return '\t';
    }
    if (s.length() != 1 || !"|,\t;".contains(s)) {
      throw new ProfileException(
          where + ": delimiter must be one of |, comma, tab or ; but is '" + s + "'");
    }
    return s.charAt(0);
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, Object value, String where) {
    try {
      return Enum.valueOf(type, String.valueOf(value).trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ProfileException(
          where
              + ": '"
              + value
              + "' is not one of "
              + java.util.Arrays.toString(type.getEnumConstants()),
          e);
    }
  }

  private static boolean bool(Object value, String where) {
    if (value instanceof Boolean b) {
      return b;
    }
    throw new ProfileException(where + ": must be true or false, not '" + value + "'");
  }

  private static String required(Map<String, Object> m, String key, String where) {
    Object v = m.get(key);
    if (v == null || v.toString().isBlank()) {
      throw new ProfileException(where + ": '" + key + "' is required");
    }
    return v.toString();
  }

  private static List<String> strings(Object value, String where) {
    return list(value, where).stream().map(String::valueOf).toList();
  }

  private static List<Object> list(Object value, String where) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> l) {
      return new ArrayList<>(l);
    }
    throw new ProfileException(where + ": must be a list");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value, String where) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      ((Map<Object, Object>) m).forEach((k, v) -> out.put(String.valueOf(k), v));
      return out;
    }
    throw new ProfileException(where + ": must be a mapping of keys to values");
  }

  private static void checkKeys(Map<String, Object> m, Set<String> allowed, String where) {
    for (String k : m.keySet()) {
      if (!allowed.contains(k)) {
        throw new ProfileException(
            where + ": unknown key '" + k + "' (allowed: " + new TreeSet<>(allowed) + ")");
      }
    }
  }

  private static Map<String, Object> load(InputStream in, String source) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setCodePointLimit(1 << 20);
    try {
      Object doc = new Yaml(new SafeConstructor(options)).load(in);
      return map(doc, source);
    } catch (org.yaml.snakeyaml.error.YAMLException e) {
      throw new ProfileException(source + ": not valid YAML: " + e.getMessage(), e);
    }
  }
}
