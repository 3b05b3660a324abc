package org.pathways.hub.receive.pull.powerschool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pathways.hub.district.DataSet;
import org.pathways.hub.district.District;
import org.pathways.hub.district.Issues;
import org.pathways.hub.district.State;
import org.pathways.hub.generate.DistrictGenerator;
import org.pathways.hub.generate.GenerateSummary;
import org.pathways.hub.generate.NativeWriter;
import org.pathways.hub.parse.FileNames;
import org.pathways.hub.parse.FileParser;
import org.pathways.hub.profile.ColumnSpec;
import org.pathways.hub.profile.FileSpec;
import org.pathways.hub.profile.Profile;
import org.pathways.hub.profile.ProfileCatalog;
import org.pathways.hub.profile.ProfileReader;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The plugin zip for both PowerSchool profiles: PowerSchool's layout and limits, one query per file
 * of the profile named as the profile expects the file, columns named and ordered as the profile
 * reads them, and read access asked for exactly the fields the queries return.
 */
class PowerSchoolPluginTest {

  static final ProfileCatalog CATALOG = new ProfileCatalog();
  static final Publisher PUBLISHER = new Publisher("Pathways", "integrations@pathways.example.org");
  static final LocalDate FALL = LocalDate.of(2026, 11, 30);

  static Stream<Arguments> profiles() {
    return Stream.of(
        Arguments.of("powerschool-tx", State.TX, "com.pathways.hub.ibc"),
        Arguments.of("powerschool-in", State.IN, null));
  }

  static District district(State state, String name) {
    return new District(
        "ps-" + state.name().toLowerCase(java.util.Locale.ROOT),
        name,
        state,
        "powerschool-" + state.name().toLowerCase(java.util.Locale.ROOT),
        10);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("profiles")
  void theZipHasPluginXmlAtItsRootAndTheQueriesUnderQueriesRoot(
      String profileId, State state, String ibc) throws Exception {
    Profile profile = CATALOG.get(profileId);
    Map<String, String> zip =
        unzip(PowerSchoolPlugin.content(district(state, "Alpha ISD"), profile, PUBLISHER), "7");
    assertThat(zip.keySet())
        .containsExactlyInAnyOrder("plugin.xml", "queries_root/pathways.named_queries.xml");

    Element plugin = parse(zip.get("plugin.xml")).getDocumentElement();
    assertThat(plugin.getNamespaceURI()).isEqualTo("http://plugin.powerschool.pearson.com");
    assertThat(plugin.getLocalName()).isEqualTo("plugin");
    assertThat(plugin.getAttribute("name")).isEqualTo("Pathways Data Integration (Alpha ISD)");
    assertThat(plugin.getAttribute("version")).isEqualTo("7");
    assertThat(plugin.getAttribute("description")).isNotBlank().hasSizeLessThanOrEqualTo(256);
    assertThat(plugin.getAttributeNS("http://www.w3.org/2001/XMLSchema-instance", "schemaLocation"))
        .isEqualTo("http://plugin.powerschool.pearson.com plugin.xsd");
    assertThat(children(plugin, "oauth")).hasSize(1);
    List<Element> publisher = children(plugin, "publisher");
    assertThat(publisher).hasSize(1);
    assertThat(publisher.get(0).getAttribute("name")).isEqualTo("Pathways");
    assertThat(children(publisher.get(0), "contact").get(0).getAttribute("email"))
        .isEqualTo("integrations@pathways.example.org");
    List<Element> access = children(plugin, "access_request");
    assertThat(access).hasSize(1);
    Set<String> requested = new TreeSet<>();
    for (Element f : children(access.get(0), "field")) {
      assertThat(f.getAttribute("access")).isEqualTo("ViewOnly");
      // PowerSchool's schema: table and field names of at most 30 characters.
      assertThat(f.getAttribute("table")).hasSizeBetween(1, 30);
      assertThat(f.getAttribute("field")).hasSizeBetween(1, 30);
      assertThat(requested.add(f.getAttribute("table") + "." + f.getAttribute("field")))
          .as("asked once")
          .isTrue();
    }

    Element queries =
        parse(zip.get("queries_root/pathways.named_queries.xml")).getDocumentElement();
    assertThat(queries.getTagName()).isEqualTo("queries");
    List<Element> all = children(queries, "query");
    assertThat(all).hasSize(profile.files().size());
    Set<String> returned = new TreeSet<>();
    Set<String> names = new LinkedHashSet<>();
    for (Element q : all) {
      String name = q.getAttribute("name");
      assertThat(name).matches("com\\.pathways\\.hub\\.[a-z_]+");
      names.add(name);
      assertThat(q.getAttribute("flattened")).isEqualTo("true");
      assertThat(q.getAttribute("coreTable")).isNotBlank();
      assertThat(children(q, "description").get(0).getTextContent()).isNotBlank();
      List<Element> columns = children(children(q, "columns").get(0), "column");
      assertThat(columns).isNotEmpty();
      for (Element c : columns) {
        assertThat(c.getAttribute("column")).matches("[A-Z_0-9]+\\.[A-Z_0-9]+");
        returned.add(c.getAttribute("column"));
      }
      String sql = children(q, "sql").get(0).getTextContent();
      assertThat(sql).containsIgnoringCase("select").containsIgnoringCase("from");
      assertThat(selectList(sql))
          .as(name + ": one select expression per column")
          .hasSize(columns.size());
      Set<String> declared = new TreeSet<>();
      for (Element args : children(q, "args")) {
        for (Element a : children(args, "arg")) {
          declared.add(a.getAttribute("name"));
          assertThat(a.getAttribute("type")).isEqualTo("primitive");
        }
      }
      assertThat(bindVariables(sql)).as(name + ": the arguments its SQL reads").isEqualTo(declared);
    }
    assertThat(names)
        .containsExactlyElementsOf(
            PowerSchoolPlugin.queries(profile).stream().map(PowerQuery::name).toList());
    assertThat(requested)
        .as("read access asked for exactly the fields returned")
        .isEqualTo(returned);
    if (ibc != null) {
      assertThat(names).contains(ibc);
    } else {
      assertThat(names).noneMatch(n -> n.contains("ibc"));
    }
    assertThat(names)
        .contains(
            "com.pathways.hub.students",
            "com.pathways.hub.teachers",
            "com.pathways.hub.users",
            "com.pathways.hub.courses",
            "com.pathways.hub.storedgrades",
            "com.pathways.hub.pgfinalgrades",
            "com.pathways.hub.classrank",
            "com.pathways.hub.schedulerequests");
    Element stored =
        all.stream()
            .filter(q -> q.getAttribute("name").equals("com.pathways.hub.storedgrades"))
            .findFirst()
            .orElseThrow();
    assertThat(children(children(stored, "args").get(0), "arg").get(0).getAttribute("name"))
        .isEqualTo("since_yearid");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("profiles")
  void eachQueryReturnsItsFilesColumnsInTheProfilesOrderUnderTheProfilesNames(
      String profileId, State state, String ibc) throws Exception {
    Profile profile = CATALOG.get(profileId);
    List<PowerQuery> queries = PowerSchoolPlugin.queries(profile);
    Map<String, List<String>> inXml = new LinkedHashMap<>();
    Element root =
        parse(
                unzip(PowerSchoolPlugin.content(district(state, "X ISD"), profile, PUBLISHER), "1")
                    .get("queries_root/pathways.named_queries.xml"))
            .getDocumentElement();
    for (Element q : children(root, "query")) {
      inXml.put(
          q.getAttribute("name"),
          children(children(q, "columns").get(0), "column").stream()
              .map(Element::getTextContent)
              .toList());
    }
    assertThat(queries).hasSameSizeAs(profile.files());
    for (int i = 0; i < queries.size(); i++) {
      PowerQuery q = queries.get(i);
      FileSpec file = profile.files().get(i);
      assertThat(q.dataSet()).isEqualTo(file.dataSet());
      assertThat(q.part()).isEqualTo(file.part());
      List<String> native_ = file.columns().stream().map(ColumnSpec::column).toList();
      assertThat(q.columns()).as(q.name()).containsExactlyElementsOf(native_);
      assertThat(inXml.get(q.name())).as(q.name()).containsExactlyElementsOf(native_);
      assertThat(file.names())
          .as("the profile recognises " + q.csvName())
          .anyMatch(glob -> FileNames.matches(glob, FileNames.stem(q.csvName())));
    }
    // Columns the profile reads and ignores are still returned: its header has them.
    assertThat(profile.file(DataSet.STUDENTS, null).orElseThrow().columns())
        .anyMatch(ColumnSpec::ignored);
    assertThat(queries.get(0).columns()).contains("exitdate");
  }

  /**
   * The generator writes the PowerSchool profile's files as the plugin's queries return them: saved
   * under the query's name, each is read by the profile without an error.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("profiles")
  void aQueryResultSavedUnderItsNameIsReadByTheProfile(
      String profileId, State state, String ibc, @TempDir Path dir) throws IOException {
    Profile profile = CATALOG.get(profileId);
    GenerateSummary summary =
        NativeWriter.dated(FALL)
            .write(profile, new DistrictGenerator(state, 40, 11L, FALL).generate(), dir);
    for (PowerQuery q : PowerSchoolPlugin.queries(profile)) {
      GenerateSummary.WrittenFile written =
          summary.files().stream()
              .filter(
                  f -> f.dataSet() == q.dataSet() && java.util.Objects.equals(f.part(), q.part()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no generated file for " + q.name()));
      String csv = Files.readString(dir.resolve(written.fileName()), StandardCharsets.UTF_8);
      String header = csv.lines().findFirst().orElseThrow().replace("\uFEFF", "");
      assertThat(header).as(q.name()).isEqualTo(String.join(",", q.columns()));

      FileSpec spec = profile.file(q.dataSet(), q.part()).orElseThrow();
      Issues issues = new Issues(20, 5, profile::severityOf);
      long[] rows = {0};
      try (Reader in = new StringReader(csv)) {
        FileParser.Result result =
            new FileParser(spec, profile.delimiterOf(spec), FileParser.DEFAULT_MAX_RECORD_CHARS)
                .parse(in, issues, row -> rows[0]++);
        assertThat(result.readable()).as(q.csvName()).isTrue();
      }
      assertThat(issues.errors()).as(q.csvName() + " " + issues.kept()).isZero();
      assertThat(rows[0]).as(q.csvName()).isEqualTo(written.rows());
    }
  }

  @Test
  void everyColumnOfEveryPowerSchoolProfileHasAPowerSchoolField() {
    for (Profile profile : CATALOG.all()) {
      if (!"PowerSchool".equals(profile.sis())) {
        continue;
      }
      for (FileSpec file : profile.files()) {
        Sources.Shape shape = Sources.of(file.dataSet(), file.part()).orElse(null);
        assertThat(shape).as(profile.id() + " " + file.label()).isNotNull();
        for (ColumnSpec c : file.columns()) {
          assertThat(shape.columns())
              .as(profile.id() + " " + file.label() + ": a PowerSchool field for " + c.column())
              .containsKey(c.column());
        }
      }
    }
  }

  @Test
  void aColumnWithoutAPowerSchoolFieldIsNamedInTheError() {
    Profile base = CATALOG.get("powerschool-tx");
    Profile renamed =
        ProfileReader.override(
            base,
            new ByteArrayInputStream(
                "files:\n  - dataset: students\n    rename: {middle_name: nickname}\n"
                    .getBytes(StandardCharsets.UTF_8)),
            "test");
    assertThatThrownBy(() -> PowerSchoolPlugin.queries(renamed))
        .isInstanceOf(PluginException.class)
        .hasMessageContaining("powerschool-tx")
        .hasMessageContaining("students")
        .hasMessageContaining("'nickname'");
  }

  @Test
  void theSameDistrictAndProfileGiveTheSameContentAndANewNameAnother() {
    Profile profile = CATALOG.get("powerschool-tx");
    PluginContent a =
        PowerSchoolPlugin.content(district(State.TX, "Pecan Hollow ISD"), profile, PUBLISHER);
    PluginContent b =
        PowerSchoolPlugin.content(district(State.TX, "Pecan Hollow ISD"), profile, PUBLISHER);
    PluginContent renamed =
        PowerSchoolPlugin.content(district(State.TX, "Pecan Hollow CISD"), profile, PUBLISHER);
    assertThat(a.digest()).isEqualTo(b.digest()).isNotEqualTo(renamed.digest());
    assertThat(a.pluginXml("1")).isNotEqualTo(a.pluginXml("2"));
  }

  @Test
  void aLongDistrictNameIsShortenedToPowerSchoolsFortyCharacters() {
    assertThat(PowerSchoolPlugin.name(district(State.TX, "Pecan Hollow ISD")))
        .isEqualTo("Pathways (Pecan Hollow ISD)");
    String name =
        PowerSchoolPlugin.name(
            district(State.TX, "Sabine Crossing Consolidated Independent School District"));
    assertThat(name).hasSize(40).startsWith("Pathways (Sabine Crossing").endsWith("...)");
  }

  @Test
  void aPublisherOutsidePowerSchoolsLimitsIsRefused() {
    assertThatThrownBy(() -> new Publisher("Pathways", "not an address"))
        .hasMessageContaining("not an address");
    assertThatThrownBy(() -> new Publisher("Pathways", "a".repeat(40) + "@x.org"))
        .hasMessageContaining("at most 40");
    assertThatThrownBy(() -> new Publisher(" ", "a@b.org")).hasMessageContaining("publisher name");
  }

  static Map<String, String> unzip(PluginContent content, String version) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    content.writeZip(version, Instant.parse("2026-11-30T06:00:00Z"), bytes);
    return unzip(bytes.toByteArray());
  }

  static Map<String, String> unzip(byte[] zip) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        out.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  static Document parse(String xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  static List<Element> children(Element parent, String localName) {
    List<Element> out = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element e
          && localName.equals(e.getLocalName() == null ? e.getTagName() : e.getLocalName())) {
        out.add(e);
      }
    }
    return out;
  }

  /** The expressions between select and the first from, split at top-level commas. */
  static List<String> selectList(String sql) {
    String s = sql.strip();
    int start = s.toLowerCase(java.util.Locale.ROOT).indexOf("select") + "select".length();
    int end = s.toLowerCase(java.util.Locale.ROOT).indexOf("\nfrom ");
    List<String> out = new ArrayList<>();
    int depth = 0;
    int from = start;
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(s.substring(from, i).strip());
        from = i + 1;
      }
    }
    out.add(s.substring(from, end).strip());
    return out;
  }

  static Set<String> bindVariables(String sql) {
    Set<String> out = new TreeSet<>();
    Matcher m = Pattern.compile(":([a-z_][a-z0-9_]*)").matcher(sql.replaceAll("'[^']*'", "''"));
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
