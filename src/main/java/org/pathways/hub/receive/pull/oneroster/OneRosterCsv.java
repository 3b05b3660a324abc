package org.pathways.hub.receive.pull.oneroster;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.pathways.hub.parse.ArchiveLimits;
import org.pathways.hub.parse.DelimitedReader;
import org.pathways.hub.parse.RawRecord;
import org.pathways.hub.parse.StreamSource;
import org.pathways.hub.parse.Unpacker;
import org.pathways.hub.receive.pull.oneroster.OneRoster.Clazz;
import org.pathways.hub.receive.pull.oneroster.OneRoster.Course;
import org.pathways.hub.receive.pull.oneroster.OneRoster.Demographic;
import org.pathways.hub.receive.pull.oneroster.OneRoster.Enrollment;
import org.pathways.hub.receive.pull.oneroster.OneRoster.Org;
import org.pathways.hub.receive.pull.oneroster.OneRoster.Role;
import org.pathways.hub.receive.pull.oneroster.OneRoster.Session;
import org.pathways.hub.receive.pull.oneroster.OneRoster.User;

/**
 * A OneRoster CSV binding zip (manifest.csv and one CSV per collection), read where it lies in the
 * vault. Every entry is opened through the hub's {@link Unpacker}, so the archive limits that stop
 * a zip bomb apply, and nothing is ever written to disk under an entry's name (a name such as
 * {@code ../x} only ever selects an entry). Columns are found by their header names, so 1.1 and 1.2
 * files and extension columns ({@code metadata.*}) read alike.
 */
public final class OneRosterCsv implements OneRosterSource {

  private static final int MAX_RECORD_CHARS = 1 << 20;

  private final String fileName;
  private final StreamSource raw;
  private final Unpacker unpacker;
  private final Set<String> entries;
  private final Map<String, String> manifest;
  private final OneRoster.Version version;
  private Map<String, List<Role>> roles;

  private OneRosterCsv(
      String fileName,
      StreamSource raw,
      Unpacker unpacker,
      Set<String> entries,
      Map<String, String> manifest,
      OneRoster.Version version) {
    this.fileName = fileName;
    this.raw = raw;
    this.unpacker = unpacker;
    this.entries = entries;
    this.manifest = manifest;
    this.version = version;
  }

  /** Whether a received file is a OneRoster zip: a zip whose files include manifest.csv. */
  public static boolean isOneRoster(String fileName, StreamSource raw, ArchiveLimits limits)
      throws IOException {
    if (!fileName.toLowerCase(Locale.ROOT).endsWith(".zip")) {
      return false;
    }
    // Only the names are looked at, and only until manifest.csv shows: a plain nightly zip is
    // read in full once more at most, and checked against the limits by the pipeline as before.
    int seen = 0;
    try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(raw.open())) {
      java.util.zip.ZipEntry e;
      while ((e = zip.getNextEntry()) != null && seen++ < limits.maxEntries()) {
        String name = e.getName();
        if (name.equals("manifest.csv") || name.endsWith("/manifest.csv")) {
          return !name.startsWith("__MACOSX/");
        }
      }
    } catch (java.util.zip.ZipException e) {
      // A zip that cannot be read is not recognised here; the pipeline reports why.
      return false;
    }
    return false;
  }

  /** Whether the zip carries a course catalog. */
  public boolean hasCourses() {
    return sent("courses") != null;
  }

  /**
   * Opens a OneRoster zip and checks its manifest: a OneRoster version the hub reads, users and
   * orgs sent in bulk (a delta would deactivate everyone it leaves out).
   *
   * @throws OneRosterException naming the zip and what to change
   */
  public static OneRosterCsv open(String fileName, StreamSource raw, ArchiveLimits limits)
      throws IOException {
    Unpacker unpacker = new Unpacker(limits);
    Set<String> names = new HashSet<>();
    for (Unpacker.Entry e : unpacker.entries(fileName, raw)) {
      if (!names.add(e.name())) {
        throw new OneRosterException(
            fileName
                + " holds two files named "
                + e.name()
                + "; put one set of OneRoster CSV files at the root of the zip");
      }
    }
    if (!names.contains("manifest.csv")) {
      throw new OneRosterException(
          fileName
              + " has no manifest.csv; a OneRoster CSV zip needs one at its root (export it again"
              + " as OneRoster CSV from the SIS)");
    }
    Map<String, String> manifest = new HashMap<>();
    read(
        fileName,
        "manifest.csv",
        unpacker.entry(fileName, raw, "manifest.csv"),
        List.of("propertyName", "value"),
        r -> manifest.put(r.get("propertyName"), r.get("value")));
    String v = manifest.get("oneroster.version");
    if (v == null || v.isBlank()) {
      throw new OneRosterException(
          fileName
              + ": manifest.csv has no oneroster.version property; add the line"
              + " oneroster.version,1.1 (or 1.2) as OneRoster's CSV binding requires");
    }
    OneRoster.Version version;
    try {
      version = OneRoster.Version.parse(v);
    } catch (IllegalArgumentException e) {
      throw new OneRosterException(fileName + ": manifest.csv: " + e.getMessage(), e);
    }
    OneRosterCsv csv = new OneRosterCsv(fileName, raw, unpacker, names, manifest, version);
    csv.requireBulk("users", true);
    csv.requireBulk("orgs", true);
    if (version == OneRoster.Version.V1_2 && csv.sent("roles") == null && !csv.usersHaveRole()) {
      throw new OneRosterException(
          fileName
              + ": a OneRoster 1.2 zip needs roles.csv (file.roles,bulk in manifest.csv) to tell"
              + " students from teachers");
    }
    for (String optional :
        List.of("demographics", "courses", "academicSessions", "classes", "enrollments")) {
      csv.requireBulk(optional, false);
    }
    return csv;
  }

  @Override
  public OneRoster.Version version() {
    return version;
  }

  /** The manifest's mode for a collection ({@code bulk}, {@code delta}) or null when absent. */
  private String sent(String collection) {
    String mode = manifest.get("file." + collection);
    if (mode == null || mode.isBlank() || mode.trim().equalsIgnoreCase("absent")) {
      return null;
    }
    return mode.trim().toLowerCase(Locale.ROOT);
  }

  private void requireBulk(String collection, boolean required) throws OneRosterException {
    String mode = sent(collection);
    String file = collection + ".csv";
    if (mode == null) {
      if (required) {
        throw new OneRosterException(
            fileName
                + ": manifest.csv says "
                + file
                + " is absent; the hub needs "
                + file
                + " in every zip (file."
                + collection
                + ",bulk)");
      }
      return;
    }
    if (!mode.equals("bulk")) {
      throw new OneRosterException(
          fileName
              + ": manifest.csv sends "
              + file
              + " as "
              + mode
              + "; the hub takes each file as the complete current data, so export it in bulk"
              + " mode (file."
              + collection
              + ",bulk)");
    }
    if (!entries.contains(file)) {
      throw new OneRosterException(
          fileName
              + ": manifest.csv lists "
              + file
              + " (file."
              + collection
              + ",bulk) but the zip does not hold it; add the file or mark it absent");
    }
  }

  private boolean usersHaveRole() throws IOException {
    boolean[] has = {false};
    try (InputStream in = unpacker.entry(fileName, raw, "users.csv").open()) {
      RawRecord header = reader(in).next();
      has[0] = header != null && header.fields().stream().anyMatch(f -> clean(f).equals("role"));
    }
    return has[0];
  }

  @Override
  public void orgs(Sink<Org> sink) throws IOException {
    each(
        "orgs",
        List.of("sourcedId", "name", "type"),
        r ->
            sink.accept(
                new Org(r.get("sourcedId"), r.get("name"), r.get("type"), r.get("identifier"))));
  }

  @Override
  public void academicSessions(Sink<Session> sink) throws IOException {
    each(
        "academicSessions",
        List.of("sourcedId", "title", "type"),
        r ->
            sink.accept(
                new Session(
                    r.get("sourcedId"), r.get("title"), r.get("type"), r.get("schoolYear"))));
  }

  @Override
  public void demographics(Sink<Demographic> sink) throws IOException {
    each(
        "demographics",
        List.of("sourcedId"),
        r -> sink.accept(new Demographic(r.get("sourcedId"), r.get("birthDate"), r.get("sex"))));
  }

  @Override
  public void users(String role, Sink<User> sink) throws IOException {
    Map<String, List<Role>> byUser = version == OneRoster.Version.V1_2 ? roles() : Map.of();
    each(
        "users",
        List.of("sourcedId", "givenName", "familyName"),
        r -> {
          List<String> orgIds = list(r.get("orgSourcedIds"));
          List<Role> userRoles = byUser.get(r.get("sourcedId"));
          if (userRoles == null) {
            // 1.1: one role for the user at each of its orgs.
            userRoles = new ArrayList<>();
            String single = r.get("role");
            if (!single.isBlank()) {
              for (String org : orgIds.isEmpty() ? List.of("") : orgIds) {
                userRoles.add(new Role(single, org, userRoles.isEmpty()));
              }
            }
          }
          User u =
              new User(
                  r.get("sourcedId"),
                  r.get("status"),
                  r.get("identifier"),
                  r.get("givenName"),
                  r.get("familyName"),
                  r.get("middleName"),
                  r.first("preferredFirstName", "preferredGivenName"),
                  r.get("email"),
                  userRoles,
                  list(r.get("grades")),
                  orgIds,
                  r.get("primaryOrgSourcedId").isBlank() ? null : r.get("primaryOrgSourcedId"));
          if (u.hasRole(role)) {
            sink.accept(u);
          }
        });
  }

  /** 1.2's roles.csv, by user: one short entry per role, read once. */
  private Map<String, List<Role>> roles() throws IOException {
    if (roles == null) {
      Map<String, List<Role>> read = new HashMap<>();
      if (sent("roles") != null) {
        each(
            "roles",
            List.of("userSourcedId", "role", "orgSourcedId"),
            r ->
                read.computeIfAbsent(r.get("userSourcedId"), k -> new ArrayList<>())
                    .add(
                        new Role(
                            r.get("role"),
                            r.get("orgSourcedId"),
                            r.get("roleType").equalsIgnoreCase("primary"))));
      }
      roles = read;
    }
    return roles;
  }

  @Override
  public void courses(Sink<Course> sink) throws IOException {
    each(
        "courses",
        List.of("sourcedId", "title"),
        r ->
            sink.accept(
                new Course(
                    r.get("sourcedId"),
                    r.get("status"),
                    r.get("title"),
                    r.get("courseCode"),
                    r.get("schoolYearSourcedId"),
                    r.get("orgSourcedId"),
                    list(r.get("grades")),
                    list(r.get("subjects")),
                    list(r.get("subjectCodes")),
                    r.first("metadata.credits", "metadata.ext_credits"))));
  }

  @Override
  public void classes(Sink<Clazz> sink) throws IOException {
    each(
        "classes",
        List.of("sourcedId", "courseSourcedId", "schoolSourcedId"),
        r ->
            sink.accept(
                new Clazz(r.get("sourcedId"), r.get("courseSourcedId"), r.get("schoolSourcedId"))));
  }

  @Override
  public void enrollments(Sink<Enrollment> sink) throws IOException {
    each(
        "enrollments",
        List.of("classSourcedId", "userSourcedId", "role"),
        r ->
            sink.accept(
                new Enrollment(
                    r.get("classSourcedId"),
                    r.get("userSourcedId"),
                    r.get("schoolSourcedId"),
                    r.get("role"))));
  }

  /** One row of a CSV file, by column name; a column the file lacks reads as empty. */
  private record Row(Map<String, Integer> columns, List<String> fields) {
    String get(String column) {
      Integer i = columns.get(column.toLowerCase(Locale.ROOT));
      return i == null || i >= fields.size() ? "" : fields.get(i).trim();
    }

    String first(String... names) {
      for (String n : names) {
        String v = get(n);
        if (!v.isEmpty()) {
          return v;
        }
      }
      return "";
    }
  }

  private interface RowSink {
    void accept(Row row) throws IOException;
  }

  private void each(String collection, List<String> required, RowSink sink) throws IOException {
    if (sent(collection) == null) {
      return;
    }
    String file = collection + ".csv";
    read(fileName, file, unpacker.entry(fileName, raw, file), required, sink);
  }

  private static void read(
      String zip, String file, StreamSource source, List<String> required, RowSink sink)
      throws IOException {
    try (InputStream in = source.open()) {
      DelimitedReader reader = reader(in);
      RawRecord header = reader.next();
      if (header == null || header.isBroken()) {
        throw new OneRosterException(zip + ": " + file + " has no header line");
      }
      Map<String, Integer> columns = new HashMap<>();
      for (int i = 0; i < header.fields().size(); i++) {
        columns.putIfAbsent(clean(header.fields().get(i)), i);
      }
      for (String r : required) {
        if (!columns.containsKey(r.toLowerCase(Locale.ROOT))) {
          throw new OneRosterException(
              zip
                  + ": "
                  + file
                  + " has no column '"
                  + r
                  + "', which OneRoster requires; its header is "
                  + header.fields());
        }
      }
      RawRecord rec;
      while ((rec = reader.next()) != null) {
        if (rec.isBroken()) {
          throw new OneRosterException(
              zip
                  + ": "
                  + file
                  + " line "
                  + rec.line()
                  + " cannot be read ("
                  + rec.problem()
                  + "); check its quotes and export the zip again");
        }
        if (rec.fields().size() == 1 && rec.fields().get(0).isBlank()) {
          continue;
        }
        sink.accept(new Row(columns, rec.fields()));
      }
    } catch (java.io.UncheckedIOException e) {
      throw new OneRosterException(zip + ": " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static DelimitedReader reader(InputStream in) throws IOException {
    // OneRoster files are UTF-8; a byte-order mark is allowed and skipped.
    Reader r =
        new InputStreamReader(
            in,
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE));
    return new DelimitedReader(new BomSkipping(r), ',', MAX_RECORD_CHARS);
  }

  private static String clean(String header) {
    return header.replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT);
  }

  /** OneRoster's lists inside one field are separated by commas. */
  private static List<String> list(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String s : value.split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  /** Drops a leading byte-order mark. */
  private static final class BomSkipping extends java.io.FilterReader {
    private boolean started;

    BomSkipping(Reader in) {
      super(in);
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (!started && n > 0) {
        started = true;
        if (buf[off] == '\uFEFF') {
          System.arraycopy(buf, off + 1, buf, off, n - 1);
          return n - 1 == 0 ? read(buf, off, len) : n - 1;
        }
      }
      return n;
    }

    @Override
    public int read() throws IOException {
      char[] one = new char[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0];
    }
  }
}
