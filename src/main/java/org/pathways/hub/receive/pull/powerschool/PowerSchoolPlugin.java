package org.pathways.hub.receive.pull.powerschool;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pathways.hub.district.District;
import org.pathways.hub.profile.ColumnSpec;
import org.pathways.hub.profile.FileSpec;
import org.pathways.hub.profile.Profile;

/**
 * Makes a district's PowerSchool plugin from its profile: one PowerQuery per file of the profile,
 * named as the profile expects the file ({@code com.pathways.hub.students*} gives the query {@code
 * com.pathways.hub.students}), returning the profile's columns in its order under its names, and a
 * {@code plugin.xml} that asks PowerSchool for read access to exactly the fields those queries
 * return. Plain Java: no store, no clock.
 */
public final class PowerSchoolPlugin {

  /** The namespace of PowerSchool's plugin.xml. */
  public static final String NAMESPACE = "http://plugin.powerschool.pearson.com";

  /** Where the queries are in the zip. */
  public static final String QUERIES_FILE = "queries_root/pathways.named_queries.xml";

  /** PowerSchool's rule for a query name: com.vendor.product.name; ours is vendor pathways. */
  public static final String QUERY_PREFIX = "com.pathways.hub.";

  /** PowerSchool's schema limits a plugin's name to 40 characters. */
  static final int MAX_NAME = 40;

  private static final Pattern QUERY_NAME =
      Pattern.compile(
          Pattern.quote(QUERY_PREFIX) + "([a-z][a-z0-9_]*)\\*?", Pattern.CASE_INSENSITIVE);

  private PowerSchoolPlugin() {}

  /**
   * The queries of the plugin for a profile, in the profile's file order: what the nightly pull
   * calls and the CSV header it writes for each.
   *
   * @throws PluginException when a file's name or a column has no PowerSchool source
   */
  public static List<PowerQuery> queries(Profile profile) {
    return definitions(profile).stream().map(Definition::query).toList();
  }

  /**
   * The plugin's content for a district on a profile: everything but its version number.
   *
   * @throws PluginException when a file's name or a column has no PowerSchool source
   */
  public static PluginContent content(District district, Profile profile, Publisher publisher) {
    List<Definition> definitions = definitions(profile);
    Set<String> access = new TreeSet<>();
    for (Definition d : definitions) {
      access.addAll(d.fields());
    }
    return new PluginContent(
        name(district),
        description(district, profile),
        publisher,
        List.copyOf(access),
        namedQueries(district, profile, definitions));
  }

  /**
   * The plugin's name, {@code Pathways Data Integration (DISTRICT)}: PowerSchool refuses a name
   * longer than 40 characters, so a longer one becomes {@code Pathways (DISTRICT)}, and a district
   * name too long even for that is cut.
   */
  static String name(District district) {
    String name = district.name().strip();
    String full = "Pathways Data Integration (" + name + ")";
    if (full.length() <= MAX_NAME) {
      return full;
    }
    String prefix = "Pathways (";
    int room = MAX_NAME - prefix.length() - 1;
    if (name.length() > room) {
      name = name.substring(0, room - 3).strip() + "...";
    }
    return prefix + name + ")";
  }

  private static String description(District district, Profile profile) {
    return "Read-only PowerQueries through which Pathways pulls the SIS data of district "
        + district.code()
        + " every night, shaped as its profile "
        + profile.id()
        + " reads them. Install, enable, then configure the API in Pathways.";
  }

  /** One query with what the plugin's files need beyond what the pull needs. */
  record Definition(
      PowerQuery query,
      String coreTable,
      String description,
      String note,
      List<String> fields,
      String sql) {}

  static List<Definition> definitions(Profile profile) {
    List<Definition> out = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (FileSpec file : profile.files()) {
      String name = queryName(profile, file);
      if (!names.add(name)) {
        throw new PluginException(
            "Profile " + profile.id() + ": two files would both be the query " + name);
      }
      Sources.Shape shape =
          Sources.of(file.dataSet(), file.part())
              .orElseThrow(
                  () ->
                      new PluginException(
                          "Profile "
                              + profile.id()
                              + ": the PowerSchool plugin has no query for the "
                              + file.label()
                              + " file"));
      List<String> aliases = new ArrayList<>();
      List<String> fields = new ArrayList<>();
      List<String> select = new ArrayList<>();
      Set<String> joins = new LinkedHashSet<>();
      for (ColumnSpec c : file.columns()) {
        Sources.Column source = shape.columns().get(c.column().toLowerCase(Locale.ROOT));
        if (source == null) {
          throw new PluginException(
              "Profile "
                  + profile.id()
                  + ", "
                  + file.label()
                  + " file, column '"
                  + c.column()
                  + "': the PowerSchool plugin knows no PowerSchool field for it; the columns it"
                  + " knows are "
                  + shape.columns().keySet());
        }
        aliases.add(c.column());
        fields.add(source.field());
        select.add(source.expression());
        if (source.join() != null) {
          joins.add(shape.joins().get(source.join()));
        }
      }
      StringBuilder sql = new StringBuilder("select\n  ");
      sql.append(String.join(",\n  ", select)).append("\nfrom ").append(shape.from());
      for (String join : joins) {
        sql.append("\n  ").append(join);
      }
      sql.append('\n').append(shape.tail());
      out.add(
          new Definition(
              new PowerQuery(name, file.dataSet(), file.part(), aliases, shape.arguments()),
              shape.coreTable(),
              shape.description(),
              shape.note(),
              List.copyOf(fields),
              sql.toString()));
    }
    return List.copyOf(out);
  }

  /** The query's name from the file's name pattern: the pull saves its result under that name. */
  private static String queryName(Profile profile, FileSpec file) {
    for (String glob : file.names()) {
      Matcher m = QUERY_NAME.matcher(glob);
      if (m.matches()) {
        return QUERY_PREFIX + m.group(1).toLowerCase(Locale.ROOT);
      }
    }
    throw new PluginException(
        "Profile "
            + profile.id()
            + ", "
            + file.label()
            + " file: none of its names "
            + file.names()
            + " is a PowerQuery name such as "
            + QUERY_PREFIX
            + "students*");
  }

  private static String namedQueries(
      District district, Profile profile, List<Definition> definitions) {
    StringBuilder x = new StringBuilder();
    x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.append("<!-- The Pathways hub's PowerQueries for district ")
        .append(Xml.comment(district.code()))
        .append(", profile ")
        .append(Xml.comment(profile.id()))
        .append(
            ". Each returns one file of the profile, its columns named as the profile reads them."
                + " -->\n");
    x.append("<queries>\n");
    for (Definition d : definitions) {
      if (d.note() != null) {
        x.append("  <!-- ").append(Xml.comment(d.note())).append(" -->\n");
      }
      x.append("  <query name=\"")
          .append(Xml.attr(d.query().name()))
          .append("\" coreTable=\"")
          .append(Xml.attr(d.coreTable()))
          .append("\" flattened=\"true\">\n");
      x.append("    <description>").append(Xml.text(d.description())).append("</description>\n");
      if (!d.query().arguments().isEmpty()) {
        x.append("    <args>\n");
        for (PowerQueryArgument a : d.query().arguments()) {
          x.append("      <arg name=\"")
              .append(Xml.attr(a.name()))
              .append("\" type=\"")
              .append(Xml.attr(a.type()))
              .append("\" required=\"")
              .append(a.required())
              .append('"');
          if (a.defaultValue() != null) {
            x.append(" default=\"").append(Xml.attr(a.defaultValue())).append('"');
          }
          x.append(" description=\"").append(Xml.attr(a.description())).append("\"/>\n");
        }
        x.append("    </args>\n");
      }
      x.append("    <columns>\n");
      for (int i = 0; i < d.fields().size(); i++) {
        x.append("      <column column=\"")
            .append(Xml.attr(d.fields().get(i)))
            .append("\">")
            .append(Xml.text(d.query().columns().get(i)))
            .append("</column>\n");
      }
      x.append("    </columns>\n");
      x.append("    <sql><![CDATA[\n").append(d.sql()).append("\n    ]]></sql>\n");
      x.append("  </query>\n");
    }
    x.append("</queries>\n");
    return x.toString();
  }
}
