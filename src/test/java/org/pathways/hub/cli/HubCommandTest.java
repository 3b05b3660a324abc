package org.pathways.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.Field;
import org.pathways.hub.profile.ProfileCatalog;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.TestFiles;
import org.pathways.hub.support.TestStore;
import tools.jackson.databind.JsonNode;

/**
 * The command line end to end on the PostgreSQL server store: each call starts its own application
 * context, as a real invocation would, so the calls are few and each test has its own district.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HubCommandTest {

  private static final List<String> RUN_FIELDS =
      List.of(
          "file",
          "dataSet",
          "status",
          "rowsRead",
          "added",
          "updated",
          "unchanged",
          "deactivated",
          "errors",
          "warnings",
          "issues");

  private TestStore.Prepared store;
  private Cli cli;

  @BeforeAll
  void prepare() throws Exception {
    store = TestStore.SERVER.prepare();
    cli = new Cli(store);
  }

  @AfterAll
  void drop() {
    if (store != null) {
      store.drop();
    }
  }

  private void addDistrict(String code, String state, String sis, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "district",
                "add",
                "--code",
                code,
                "--name",
                code + " ISD",
                "--state",
                state,
                "--sis",
                sis));
    args.addAll(List.of(more));
    Cli.Result r = cli.run(args.toArray(String[]::new));
    assertThat(r.status()).as(r.toString()).isZero();
  }

  private Cli.Result ingest(String district, Path... files) {
    List<String> args = new ArrayList<>(List.of("ingest", "--json", "--district", district));
    for (Path f : files) {
      args.add(f.toString());
    }
    return cli.run(args.toArray(String[]::new));
  }

  private static JsonNode single(Cli.Result r) {
    List<JsonNode> runs = r.json();
    assertThat(runs).as(r.toString()).hasSize(1);
    return runs.get(0);
  }

  private static List<Long> counts(JsonNode run) {
    return Stream.of("rowsRead", "added", "updated", "unchanged", "deactivated", "errors")
        .map(f -> run.get(f).asLong())
        .toList();
  }

  private static Path fixture(String profile) throws URISyntaxException {
    return Path.of(
        HubCommandTest.class.getClassLoader().getResource("fixtures/" + profile).toURI());
  }

  // --- sftp-user --------------------------------------------------------------------------------

  @Test
  void sftpUsersAreAddedListedRotatedAndRevokedAndTheirPasswordsShownOnlyOnce(@TempDir Path tmp)
      throws Exception {
    addDistrict("cli-sftp", "TX", "standard");
    Cli.Result added = cli.run("sftp-user", "add", "--district", "cli-sftp");
    assertThat(added.status()).as(added.toString()).isZero();
    String password = valueOf(added, "Password:");
    assertThat(password).hasSize(24);
    assertThat(valueOf(added, "User:")).isEqualTo("cli-sftp");

    Cli.Result second = cli.run("sftp-user", "add", "--district", "cli-sftp");
    assertThat(valueOf(second, "User:")).isEqualTo("cli-sftp-2");

    Path pub = tmp.resolve("job.pub");
    Process keygen =
        new ProcessBuilder(
                "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", tmp.resolve("job").toString())
            .redirectErrorStream(true)
            .start();
    assertThat(keygen.waitFor()).isZero();
    Cli.Result keyOnly =
        cli.run(
            "sftp-user",
            "add",
            "--district",
            "cli-sftp",
            "--user",
            "cli-sftp-job",
            "--public-key",
            pub.toString(),
            "--no-password");
    assertThat(keyOnly.status()).as(keyOnly.toString()).isZero();
    assertThat(keyOnly.out()).doesNotContain("Password:");

    Cli.Result list = cli.run("sftp-user", "list", "--district", "cli-sftp");
    assertThat(list.status()).as(list.toString()).isZero();
    assertThat(list.out())
        .contains("cli-sftp ", "cli-sftp-2", "cli-sftp-job")
        .contains("SHA256:")
        .doesNotContain(password);

    Cli.Result rotated =
        cli.run("sftp-user", "rotate", "--district", "cli-sftp", "--user", "cli-sftp");
    assertThat(rotated.status()).as(rotated.toString()).isZero();
    assertThat(valueOf(rotated, "Password:")).isNotEqualTo(password);

    Cli.Result revoked =
        cli.run("sftp-user", "revoke", "--district", "cli-sftp", "--user", "cli-sftp-2");
    assertThat(revoked.status()).as(revoked.toString()).isZero();
    assertThat(cli.run("sftp-user", "list", "--district", "cli-sftp").out())
        .containsPattern("cli-sftp-2 +revoked");
    Cli.Result again =
        cli.run("sftp-user", "rotate", "--district", "cli-sftp", "--user", "cli-sftp-2");
    assertThat(again.status()).isEqualTo(ExitCodes.SYSTEM);
    assertThat(again.err()).contains("revoked");

    Cli.Result notAKey =
        cli.run(
            "sftp-user",
            "add",
            "--district",
            "cli-sftp",
            "--public-key",
            fixture("standard").resolve("EXPECTED.txt").toString());
    assertThat(notAKey.status()).isEqualTo(ExitCodes.SYSTEM);
    assertThat(notAKey.err()).contains("Not an OpenSSH public key");

    Cli.Result otherDistrict =
        cli.run("sftp-user", "revoke", "--district", "no-such", "--user", "cli-sftp");
    assertThat(otherDistrict.status()).isEqualTo(ExitCodes.SYSTEM);

    // Every change is in the audit trail, and no password is.
    assertThat(auditActions(store.database()))
        .contains("sftp-user.add", "sftp-user.rotate", "sftp-user.revoke");
  }

  @Test
  void apiKeysAreAddedListedByPrefixOnlyAndRevoked() throws Exception {
    addDistrict("cli-api", "IN", "standard");
    Cli.Result added =
        cli.run("api-key", "add", "--district", "cli-api", "--label", "nightly push");
    assertThat(added.status()).as(added.toString()).isZero();
    String key = valueOf(added, "Key:");
    String prefix = valueOf(added, "Prefix:");
    assertThat(key).startsWith("phk_" + prefix + "_");

    Cli.Result list = cli.run("api-key", "list", "--district", "cli-api");
    assertThat(list.out()).contains(prefix).contains("nightly push").doesNotContain(key);

    assertThat(cli.run("api-key", "revoke", "--district", "cli-api", "--key", prefix).status())
        .isZero();
    assertThat(cli.run("api-key", "list", "--district", "cli-api").out())
        .containsPattern(prefix + " +revoked");
    Cli.Result twice = cli.run("api-key", "revoke", "--district", "cli-api", "--key", prefix);
    assertThat(twice.status()).isEqualTo(ExitCodes.SYSTEM);
    assertThat(twice.err()).contains("no active API key");
    assertThat(auditActions(store.database())).contains("api-key.add", "api-key.revoke");
    Cli.Result audit = cli.run("audit", "--district", "cli-api");
    assertThat(audit.status()).as(audit.toString()).isZero();
    assertThat(audit.lines().get(1)).contains("api-key.revoke").contains("cli").contains(prefix);
    assertThat(audit.out()).contains("api-key.add").doesNotContain(key);
  }

  @Test
  void portalUsersAreAddedWithAGeneratedOrPipedPasswordKeptOnlyAsAHash() throws Exception {
    addDistrict("cli-portal", "TX", "standard");
    Cli.Result admin = cli.run("user", "add", "--email", "First.Admin@Hub.test", "--role", "admin");
    assertThat(admin.status()).as(admin.toString()).isZero();
    String generated = valueOf(admin, "Password:");
    assertThat(generated).hasSize(20);
    assertThat(valueOf(admin, "Email:")).isEqualTo("first.admin@hub.test");

    java.io.InputStream stdin = System.in;
    Cli.Result contact;
    try {
      System.setIn(
          new java.io.ByteArrayInputStream(
              "a long piped passphrase\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      contact =
          cli.run(
              "user",
              "add",
              "--email",
              "it@cli-portal.test",
              "--role",
              "DISTRICT_CONTACT",
              "--district",
              "cli-portal",
              "--password-stdin");
    } finally {
      System.setIn(stdin);
    }
    assertThat(contact.status()).as(contact.toString()).isZero();
    assertThat(contact.out()).doesNotContain("Password:").doesNotContain("piped passphrase");

    Map<String, String> hashes = new java.util.HashMap<>();
    try (var c =
            java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:5432/" + store.database(), "postgres", "");
        var rs = c.createStatement().executeQuery("select email, password_hash from portal_user")) {
      while (rs.next()) {
        hashes.put(rs.getString(1), rs.getString(2));
      }
    }
    var bcrypt = new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder();
    assertThat(hashes.get("first.admin@hub.test")).startsWith("$2a$12$");
    assertThat(bcrypt.matches(generated, hashes.get("first.admin@hub.test"))).isTrue();
    assertThat(bcrypt.matches("a long piped passphrase", hashes.get("it@cli-portal.test")))
        .isTrue();

    Cli.Result noDistrict =
        cli.run("user", "add", "--email", "x@cli-portal.test", "--role", "district_contact");
    assertThat(noDistrict.status()).isNotZero();
    assertThat(noDistrict.err()).contains("needs --district");
    Cli.Result taken =
        cli.run("user", "add", "--email", "FIRST.admin@hub.test", "--role", "ENGINEER");
    assertThat(taken.err()).contains("already signs in as first.admin@hub.test");
    Cli.Result badRole = cli.run("user", "add", "--email", "y@hub.test", "--role", "boss");
    assertThat(badRole.err()).contains("not a role");

    assertThat(cli.run("user", "disable", "--email", "it@cli-portal.test").status()).isZero();
    Cli.Result list = cli.run("user", "list");
    assertThat(list.out())
        .containsPattern("it@cli-portal.test +DISTRICT_CONTACT +cli-portal +disabled")
        .containsPattern("first.admin@hub.test +ADMIN +active +never")
        .doesNotContain(generated)
        .doesNotContain("$2a$");
    assertThat(auditActions(store.database())).contains("user.add", "user.disable");
  }

  private static String valueOf(Cli.Result r, String label) {
    return r.lines().stream()
        .filter(l -> l.startsWith(label))
        .map(l -> l.substring(label.length()).trim())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + label + " in " + r));
  }

  private static List<String> auditActions(String database) throws Exception {
    List<String> out = new ArrayList<>();
    try (var c =
            java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:5432/" + database, "postgres", "");
        var rs = c.createStatement().executeQuery("select action from audit_event")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  // --- district add / list -------------------------------------------------------------------

  @Test
  void districtAddThenListAndRefusals() throws Exception {
    Cli.Result added =
        cli.run(
            "district",
            "add",
            "--code",
            "cli-lone-star",
            "--name",
            "Lone Star ISD",
            "--state",
            "TX",
            "--sis",
            "standard");
    assertThat(added.status()).as(added.toString()).isZero();
    assertThat(added.out()).contains("Added district cli-lone-star");

    Cli.Result list = cli.run("district", "list");
    assertThat(list.status()).as(list.toString()).isZero();
    assertThat(list.lines().get(0)).matches("CODE +STATE +PROFILE +NAME");
    assertThat(list.lines()).anyMatch(l -> l.matches("cli-lone-star +TX +standard +Lone Star ISD"));

    Cli.Result again =
        cli.run(
            "district",
            "add",
            "--code",
            "cli-lone-star",
            "--name",
            "Another Name",
            "--state",
            "TX",
            "--sis",
            "cognos-tx");
    assertThat(again.status()).as(again.toString()).isEqualTo(ExitCodes.SYSTEM);
    assertThat(again.err()).contains("cli-lone-star").contains("already exists");
    assertThat(
            cli.query(
                "select name || '/' || profile_id from district where code = ?", "cli-lone-star"))
        .isEqualTo("Lone Star ISD/standard");

    Cli.Result wrongState =
        cli.run(
            "district",
            "add",
            "--code",
            "cli-hoosier",
            "--name",
            "Hoosier",
            "--state",
            "IN",
            "--sis",
            "ascender-tx");
    assertThat(wrongState.status()).as(wrongState.toString()).isEqualTo(ExitCodes.SYSTEM);
    assertThat(wrongState.err())
        .contains("error: Profile ascender-tx is for [TX] districts, not IN");

    Cli.Result unknownProfile =
        cli.run(
            "district",
            "add",
            "--code",
            "cli-hoosier",
            "--name",
            "Hoosier",
            "--state",
            "IN",
            "--sis",
            "infinite-campus");
    assertThat(unknownProfile.status()).as(unknownProfile.toString()).isEqualTo(ExitCodes.SYSTEM);
    assertThat(unknownProfile.err()).contains("infinite-campus");
    ProfileCatalog.BUILT_IN.forEach(id -> assertThat(unknownProfile.err()).contains(id));

    Cli.Result badCode =
        cli.run(
            "district",
            "add",
            "--code",
            "Hoosier ISD!",
            "--name",
            "Hoosier",
            "--state",
            "IN",
            "--sis",
            "standard");
    assertThat(badCode.status()).as(badCode.toString()).isEqualTo(ExitCodes.SYSTEM);
    assertThat(badCode.err()).contains("Hoosier ISD!");

    assertThat(cli.count("select count(*) from district where code like 'cli-hoosier%'")).isZero();
  }

  // --- ingest ----------------------------------------------------------------------------------

  @Test
  void ingestJsonPrintsOneObjectPerDataFile(@TempDir Path tmp) throws Exception {
    addDistrict("cli-ingest", "TX", "standard");
    Path students = TestFiles.write(tmp, "students.txt", Sample.students(20));
    Path courses = TestFiles.write(tmp, "courses.txt", Sample.COURSES);

    Cli.Result r = ingest("cli-ingest", students, courses);
    assertThat(r.status()).as(r.toString()).isEqualTo(ExitCodes.OK);
    assertThat(r.err()).isEmpty();
    assertThat(r.lines()).hasSize(2);
    List<JsonNode> runs = r.json();
    for (JsonNode run : runs) {
      assertThat(run.isObject()).isTrue();
      assertThat(run.propertyNames()).containsAll(RUN_FIELDS);
      assertThat(run.get("issues").isArray()).isTrue();
    }
    JsonNode s = runs.get(0);
    assertThat(s.get("file").asString()).isEqualTo("students.txt");
    assertThat(s.get("dataSet").asString()).isEqualTo("students");
    assertThat(s.get("status").asString()).isEqualTo("LOADED");
    assertThat(counts(s)).containsExactly(20L, 20L, 0L, 0L, 0L, 0L);
    assertThat(s.get("warnings").asLong()).isZero();
    assertThat(s.get("issues")).isEmpty();
    JsonNode c = runs.get(1);
    assertThat(c.get("file").asString()).isEqualTo("courses.txt");
    assertThat(c.get("dataSet").asString()).isEqualTo("course_crosswalk");
    assertThat(c.get("status").asString()).isEqualTo("LOADED");
    assertThat(counts(c)).containsExactly(3L, 3L, 0L, 0L, 0L, 0L);

    // The same two files again, as one zip: still one object per data file, both recognised.
    Path zip = tmp.resolve("nightly.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (Path f : List.of(students, courses)) {
        z.putNextEntry(new ZipEntry(f.getFileName().toString()));
        z.write(Files.readAllBytes(f));
        z.closeEntry();
      }
    }
    Cli.Result again = ingest("cli-ingest", zip);
    assertThat(again.status()).as(again.toString()).isEqualTo(ExitCodes.OK);
    assertThat(again.json())
        .extracting(n -> n.get("file").asString() + " " + n.get("status").asString())
        .containsExactly("students.txt DUPLICATE", "courses.txt DUPLICATE");

    // The next night's file has an impossible birth date on line 6: rejected, exit status 2.
    List<String> rows = new ArrayList<>(Sample.studentRows(20));
    rows.set(4, rows.get(4).replace("2009-05-14", "2009-02-30"));
    Path bad =
        TestFiles.write(
            tmp, "students_20261129.txt", Sample.STUDENT_HEADER + "\n" + String.join("\n", rows));
    Cli.Result rejected = ingest("cli-ingest", bad);
    assertThat(rejected.status()).as(rejected.toString()).isEqualTo(ExitCodes.NOT_LOADED);
    JsonNode rj = single(rejected);
    assertThat(rj.get("status").asString()).isEqualTo("REJECTED");
    assertThat(rj.get("errors").asLong()).isEqualTo(1);
    assertThat(rj.get("issues")).hasSize(1);
    JsonNode issue = rj.get("issues").get(0);
    assertThat(issue.get("line").asLong()).isEqualTo(6);
    assertThat(issue.get("column").asString()).isEqualTo("birth_date");
    assertThat(issue.get("value").asString()).isEqualTo("2009-02-30");
    assertThat(issue.get("code").asString()).isEqualTo("INVALID_DATE");
    assertThat(issue.get("severity").asString()).isEqualTo("ERROR");
    assertThat(issue.get("message").asString()).isNotBlank();
    assertThat(cli.count("select count(*) from students where district = 'cli-ingest' and live"))
        .isEqualTo(20);

    // A missing file refuses the whole delivery before anything is received.
    long runsBefore = cli.count("select count(*) from ingest_run where district = 'cli-ingest'");
    Path missing = tmp.resolve("no-such-dir").resolve("students.txt");
    Cli.Result noFile = ingest("cli-ingest", students, missing);
    assertThat(noFile.status()).as(noFile.toString()).isEqualTo(ExitCodes.SYSTEM);
    assertThat(noFile.err()).contains("No such file").contains(missing.toString());
    assertThat(noFile.out()).isEmpty();
    assertThat(cli.count("select count(*) from ingest_run where district = 'cli-ingest'"))
        .isEqualTo(runsBefore);

    Cli.Result noDistrict = ingest("cli-nowhere", students);
    assertThat(noDistrict.status()).as(noDistrict.toString()).isEqualTo(ExitCodes.SYSTEM);
    assertThat(noDistrict.err()).contains("Unknown district 'cli-nowhere'");
    assertThat(noDistrict.out()).isEmpty();
  }

  @Test
  void filesGivenInAnyOrderLoadStudentsAndCoursesBeforeGrades(@TempDir Path tmp) throws Exception {
    addDistrict("cli-order", "TX", "standard");
    Path grades =
        TestFiles.write(
            tmp,
            "grades_history.txt",
            Sample.grades(
                "1001|2026|S1|ENG1|255901001|A|95|0.5|0.5|FINAL",
                "1002|2026|S1|ALG1|255901001|B|85|0.5|0.5|FINAL",
                "1003|2026|S2|BIO|255901001|A|91|0.5|0.5|FINAL",
                // not in the students file: the one warning this delivery may give
                "1099|2026|S2|BIO|255901001|C|75|0.5|0.5|FINAL"));
    Path courses = TestFiles.write(tmp, "courses.txt", Sample.COURSES);
    Path students = TestFiles.write(tmp, "students.txt", Sample.students(3));

    Cli.Result r = ingest("cli-order", grades, courses, students);
    assertThat(r.status()).as(r.toString()).isEqualTo(ExitCodes.OK);
    List<JsonNode> runs = r.json();
    assertThat(runs)
        .extracting(n -> n.get("dataSet").asString())
        .containsExactly("students", "course_crosswalk", "grades");
    assertThat(runs).allSatisfy(n -> assertThat(n.get("status").asString()).isEqualTo("LOADED"));
    assertThat(runs).allSatisfy(n -> assertThat(n.get("errors").asLong()).isZero());
    JsonNode g = runs.get(2);
    assertThat(g.get("rowsRead").asLong()).isEqualTo(4);
    List<JsonNode> unknownStudents = new ArrayList<>();
    g.get("issues")
        .forEach(
            i -> {
              if (i.get("code").asString().equals("UNKNOWN_STUDENT")) {
                unknownStudents.add(i);
              }
            });
    assertThat(unknownStudents).hasSize(1);
    assertThat(unknownStudents.get(0).get("line").asLong()).isEqualTo(5);
    assertThat(unknownStudents.get(0).get("value").asString()).isEqualTo("1099");
    assertThat(g.get("issues")).noneMatch(i -> i.get("code").asString().equals("UNKNOWN_COURSE"));
  }

  // --- export ----------------------------------------------------------------------------------

  @Test
  void exportPrintsTheLiveSnapshotThatIngestsBackUnchanged(@TempDir Path tmp) throws Exception {
    // Nine students in the fixture: a hold threshold of 20 % lets one of them leave.
    addDistrict("cli-export", "TX", "standard", "--hold-threshold", "20");
    List<String> fixture =
        Files.readAllLines(fixture("standard").resolve("students.txt"), StandardCharsets.UTF_8);
    String header = fixture.get(0);
    List<String> rows = fixture.subList(1, fixture.size());
    assertThat(rows).hasSize(9);
    String leaver = rows.get(2).substring(0, rows.get(2).indexOf('|'));
    List<String> staying = new ArrayList<>(rows);
    staying.remove(2);

    Path night1 = TestFiles.write(tmp, "students.txt", header + "\n" + String.join("\n", rows));
    assertThat(single(ingest("cli-export", night1)).get("added").asLong()).isEqualTo(9);
    Path night2 =
        TestFiles.write(tmp, "students_2.txt", header + "\n" + String.join("\n", staying) + "\n");
    JsonNode second = single(ingest("cli-export", night2));
    assertThat(second.get("status").asString()).isEqualTo("LOADED");
    assertThat(second.get("deactivated").asLong()).isEqualTo(1);

    String expectedHeader =
        DataSet.STUDENTS.fields().stream().map(Field::name).collect(Collectors.joining("|"));

    Cli.Result export =
        cli.runCapturingStdout("export", "--district", "cli-export", "--dataset", "students");
    assertThat(export.status()).as(export.toString()).isZero();
    List<String> exported = export.lines();
    assertThat(exported.get(0)).isEqualTo(expectedHeader);
    assertThat(exported).hasSize(1 + 8);
    assertThat(ids(exported)).isEqualTo(sortedIds(staying)).doesNotContain(leaver);
    // every value the district sent comes back, column for column
    assertThat(byId(exported)).isEqualTo(byId(prepend(header, staying)));

    Cli.Result all =
        cli.runCapturingStdout(
            "export", "--district", "cli-export", "--dataset", "students", "--include-inactive");
    assertThat(all.status()).as(all.toString()).isZero();
    assertThat(all.lines()).hasSize(1 + 9);
    assertThat(ids(all.lines())).contains(leaver).isEqualTo(sortedIds(rows));

    // The export is itself a valid students file: sent back, it changes nothing. It is not the
    // same bytes as the district's file (its rows are in key order), so it is read and compared
    // rather than recognised as a duplicate.
    Path back = TestFiles.write(tmp, "students_export.txt", export.out());
    Cli.Result again = ingest("cli-export", back);
    assertThat(again.status()).as(again.toString()).isEqualTo(ExitCodes.OK);
    JsonNode a = single(again);
    assertThat(a.get("status").asString()).isEqualTo("LOADED");
    assertThat(counts(a)).containsExactly(8L, 0L, 0L, 8L, 0L, 0L);
    assertThat(a.get("warnings").asLong()).isZero();

    Cli.Result unknown =
        cli.runCapturingStdout("export", "--district", "cli-export", "--dataset", "pupils");
    assertThat(unknown.status()).as(unknown.toString()).isEqualTo(ExitCodes.SYSTEM);
    assertThat(unknown.err()).contains("Unknown data set 'pupils'");
    assertThat(unknown.out()).isEmpty();
    // Each export of a district's data is in the audit trail, the refused one is not.
    assertThat(auditActions(store.database()).stream().filter("export"::equals)).hasSize(2);
  }

  private static List<String> prepend(String first, List<String> rest) {
    List<String> all = new ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }

  private static List<String> ids(List<String> lines) {
    return lines.stream().skip(1).map(l -> l.substring(0, l.indexOf('|'))).toList();
  }

  private static List<String> sortedIds(List<String> rows) {
    return rows.stream().map(l -> l.substring(0, l.indexOf('|'))).sorted().toList();
  }

  /** Rows of a pipe-separated file with a header, as id → (column → value). */
  private static Map<String, Map<String, String>> byId(List<String> lines) {
    String[] cols = lines.get(0).split("\\|", -1);
    Map<String, Map<String, String>> out = new TreeMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] v = line.split("\\|", -1);
      assertThat(v).as(line).hasSize(cols.length);
      Map<String, String> row = new TreeMap<>();
      for (int i = 0; i < cols.length; i++) {
        row.put(cols[i], v[i]);
      }
      out.put(v[0], row);
    }
    return out;
  }

  // --- generate --------------------------------------------------------------------------------

  @Test
  void generateIsDeterministicAndItsFilesIngestCleanly(@TempDir Path tmp) throws Exception {
    String day = LocalDate.now(ZoneId.of("America/Chicago")).toString();
    Path first = tmp.resolve("gen1");
    Path second = tmp.resolve("gen2");
    for (Path out : List.of(first, second)) {
      Cli.Result r =
          Cli.plain(
              "generate",
              "--sis",
              "powerschool-in",
              "--state",
              "IN",
              "--students",
              "50",
              "--seed",
              "3",
              "--date",
              day,
              "--out",
              out.toString());
      assertThat(r.status()).as(r.toString()).isZero();
      assertThat(r.out()).contains("50 students").contains("profile powerschool-in");
    }
    Map<String, byte[]> a = contents(first);
    Map<String, byte[]> b = contents(second);
    assertThat(a).isNotEmpty();
    assertThat(b.keySet()).isEqualTo(a.keySet());
    a.forEach((name, bytes) -> assertThat(b.get(name)).as(name).isEqualTo(bytes));

    Cli.Result wrongState =
        Cli.plain(
            "generate",
            "--sis",
            "powerschool-in",
            "--state",
            "TX",
            "--out",
            tmp.resolve("gen3").toString());
    assertThat(wrongState.status()).isEqualTo(ExitCodes.SYSTEM);
    assertThat(wrongState.err()).contains("powerschool-in").contains("not TX");
    assertThat(tmp.resolve("gen3")).doesNotExist();

    addDistrict("cli-generated", "IN", "powerschool-in");
    Path[] files = a.keySet().stream().map(first::resolve).toArray(Path[]::new);
    Cli.Result r = ingest("cli-generated", files);
    assertThat(r.status()).as(r.toString()).isEqualTo(ExitCodes.OK);
    List<JsonNode> runs = r.json();
    assertThat(runs).hasSize(files.length);
    assertThat(runs)
        .allSatisfy(
            n -> {
              assertThat(n.get("status").asString()).as(n.toString()).isEqualTo("LOADED");
              assertThat(n.get("errors").asLong()).as(n.toString()).isZero();
            });
    assertThat(runs)
        .filteredOn(n -> n.get("dataSet").asString().equals("students"))
        .singleElement()
        .satisfies(n -> assertThat(n.get("added").asLong()).isEqualTo(50));
  }

  private static Map<String, byte[]> contents(Path dir) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        out.put(f.getFileName().toString(), Files.readAllBytes(f));
      }
    }
    return out;
  }

  // --- run list / show / release / discard -----------------------------------------------------

  @Test
  void heldRunsAreListedShownReleasedAndDiscarded(@TempDir Path tmp) throws Exception {
    addDistrict("cli-runs", "TX", "standard");
    JsonNode loaded =
        single(ingest("cli-runs", TestFiles.write(tmp, "students.txt", Sample.students(20))));
    Cli.Result heldResult =
        ingest("cli-runs", TestFiles.write(tmp, "students_2.txt", Sample.students(10)));
    assertThat(heldResult.status()).as(heldResult.toString()).isEqualTo(ExitCodes.NOT_LOADED);
    JsonNode held = single(heldResult);
    assertThat(held.get("status").asString()).isEqualTo("HELD");
    assertThat(held.get("deactivated").asLong()).isEqualTo(10);
    long heldId = held.get("runId").asLong();
    long loadedId = loaded.get("runId").asLong();

    Cli.Result list = cli.run("run", "list", "--district", "cli-runs");
    assertThat(list.status()).as(list.toString()).isZero();
    assertThat(list.lines()).hasSize(3);
    assertThat(list.lines().get(0)).startsWith("RUN ").contains("STATUS");
    // One error, the volume guard, and one warning beside it, the drop in rows.
    assertThat(list.lines().get(1))
        .matches(heldId + " .* students_2\\.txt +students +HELD +10 +1 +1");
    assertThat(list.lines().get(2))
        .matches(loadedId + " .* students\\.txt +students +LOADED +20 +0 +0");

    Cli.Result show = cli.run("run", "show", Long.toString(heldId), "--json");
    assertThat(show.status()).as(show.toString()).isZero();
    JsonNode shown = single(show);
    assertThat(shown.get("runId").asLong()).isEqualTo(heldId);
    assertThat(shown.get("status").asString()).isEqualTo("HELD");
    assertThat(shown.get("deactivated").asLong()).isEqualTo(10);
    assertThat(shown.get("issues")).anyMatch(i -> i.get("code").asString().equals("VOLUME_GUARD"));

    Cli.Result noDistrict = cli.run("run", "list", "--district", "no-such-district");
    assertThat(noDistrict.status()).as(noDistrict.toString()).isEqualTo(ExitCodes.SYSTEM);
    assertThat(noDistrict.err()).contains("Unknown district 'no-such-district'");

    Cli.Result noRun = cli.run("run", "show", "999999");
    assertThat(noRun.status()).as(noRun.toString()).isEqualTo(ExitCodes.SYSTEM);
    assertThat(noRun.err()).contains("No run 999999");

    Cli.Result noReason = cli.run("run", "release", Long.toString(heldId));
    assertThat(noReason.status()).as(noReason.toString()).isEqualTo(ExitCodes.SYSTEM);
    assertThat(noReason.err()).contains("--reason");

    Cli.Result release =
        cli.run(
            "run",
            "release",
            Long.toString(heldId),
            "--reason",
            "ten students moved away",
            "--by",
            "engineer@pathways");
    assertThat(release.status()).as(release.toString()).isZero();
    assertThat(release.out()).contains("Run " + heldId).contains("RELEASED");
    assertThat(cli.count("select count(*) from students where district = 'cli-runs' and live"))
        .isEqualTo(10);
    assertThat(
            cli.query(
                "select decided_by || ': ' || decision_reason from ingest_run where id = ?",
                heldId))
        .isEqualTo("engineer@pathways: ten students moved away");

    Cli.Result notHeld =
        cli.run("run", "discard", Long.toString(heldId), "--reason", "changed my mind");
    assertThat(notHeld.status()).as(notHeld.toString()).isEqualTo(ExitCodes.SYSTEM);
    assertThat(notHeld.err()).contains("Run " + heldId + " is not held");
    assertThat(cli.query("select status from ingest_run where id = ?", heldId))
        .isEqualTo("RELEASED");

    // Half of the remaining ten missing: held again, and this time set aside.
    JsonNode heldAgain =
        single(ingest("cli-runs", TestFiles.write(tmp, "students_3.txt", Sample.students(5))));
    assertThat(heldAgain.get("status").asString()).isEqualTo("HELD");
    long againId = heldAgain.get("runId").asLong();
    Cli.Result discard =
        cli.run("run", "discard", Long.toString(againId), "--reason", "truncated export");
    assertThat(discard.status()).as(discard.toString()).isZero();
    assertThat(discard.out()).contains("Run " + againId).contains("DISCARDED");
    assertThat(cli.query("select status from ingest_run where id = ?", againId))
        .isEqualTo("DISCARDED");
    assertThat(cli.count("select count(*) from students where district = 'cli-runs' and live"))
        .isEqualTo(10);
  }

  // --- district override -----------------------------------------------------------------------

  @Test
  void anOverrideRenamesAColumnAndABadOneIsRefusedAndNotSaved(@TempDir Path tmp) throws Exception {
    addDistrict("cli-override", "TX", "standard");
    String good = "files: [{dataset: students, rename: {student_id: stu_num}}]\n";
    Path goodFile = TestFiles.write(tmp, "override.yaml", good);
    Cli.Result saved =
        cli.run(
            "district", "override", "--district", "cli-override", "--file", goodFile.toString());
    assertThat(saved.status()).as(saved.toString()).isZero();
    assertThat(saved.out()).contains("Override saved for cli-override");

    String renamed = Sample.students(5).replaceFirst("^student_id\\|", "stu_num|");
    assertThat(renamed).startsWith("stu_num|");
    Cli.Result loaded = ingest("cli-override", TestFiles.write(tmp, "students.txt", renamed));
    assertThat(loaded.status()).as(loaded.toString()).isEqualTo(ExitCodes.OK);
    JsonNode run = single(loaded);
    assertThat(run.get("status").asString()).isEqualTo("LOADED");
    assertThat(counts(run)).containsExactly(5L, 5L, 0L, 0L, 0L, 0L);
    assertThat(run.get("warnings").asLong()).isZero();

    // A typo in a key: refused, and the override saved before stays in force.
    Path badFile =
        TestFiles.write(
            tmp, "bad.yaml", "files: [{dataset: students, renames: {student_id: stu_no}}]\n");
    Cli.Result refused =
        cli.run("district", "override", "--district", "cli-override", "--file", badFile.toString());
    assertThat(refused.status()).as(refused.toString()).isEqualTo(ExitCodes.SYSTEM);
    assertThat(refused.err()).contains("not saved").contains("unknown key 'renames'");
    assertThat(refused.out()).isEmpty();
    assertThat(cli.query("select profile_override from district where code = ?", "cli-override"))
        .isEqualTo(good);

    Cli.Result both =
        cli.run(
            "district",
            "override",
            "--district",
            "cli-override",
            "--file",
            goodFile.toString(),
            "--clear");
    assertThat(both.status()).as(both.toString()).isEqualTo(ExitCodes.SYSTEM);
    assertThat(both.err()).contains("either --file or --clear");
  }
}
