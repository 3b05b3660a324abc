package org.pathways.hub.receive.pull.powerschool;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A district's plugin without its version: what decides whether a new version is needed.
 *
 * @param name the plugin's name in PowerSchool
 * @param description the plugin's description in PowerSchool
 * @param publisher who publishes it
 * @param accessFields the {@code TABLE.FIELD}s the queries return, sorted: the read access asked
 *     for
 * @param namedQueries the content of {@link PowerSchoolPlugin#QUERIES_FILE}
 */
public record PluginContent(
    String name,
    String description,
    Publisher publisher,
    List<String> accessFields,
    String namedQueries) {

  public PluginContent {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(publisher, "publisher");
    accessFields = List.copyOf(accessFields);
    Objects.requireNonNull(namedQueries, "namedQueries");
  }

  /** The content's SHA-256, hex: equal for equal content whatever the version. */
  public String digest() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(pluginXml("").getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(namedQueries.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** The plugin.xml of this content at a version. */
  public String pluginXml(String version) {
    StringBuilder x = new StringBuilder();
    x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.append("<plugin xmlns=\"").append(PowerSchoolPlugin.NAMESPACE).append("\"\n");
    x.append("        xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n");
    x.append("        xsi:schemaLocation=\"")
        .append(PowerSchoolPlugin.NAMESPACE)
        .append(" plugin.xsd\"\n");
    x.append("        name=\"").append(Xml.attr(name)).append("\"\n");
    x.append("        version=\"").append(Xml.attr(version)).append("\"\n");
    x.append("        description=\"").append(Xml.attr(description)).append("\">\n");
    // Some PowerSchool versions check the order: oauth and access_request before publisher.
    x.append("  <oauth/>\n");
    x.append("  <access_request>\n");
    for (String f : accessFields) {
      int dot = f.indexOf('.');
      x.append("    <field table=\"")
          .append(Xml.attr(f.substring(0, dot)))
          .append("\" field=\"")
          .append(Xml.attr(f.substring(dot + 1)))
          .append("\" access=\"ViewOnly\"/>\n");
    }
    x.append("  </access_request>\n");
    x.append("  <publisher name=\"").append(Xml.attr(publisher.name())).append("\">\n");
    x.append("    <contact email=\"").append(Xml.attr(publisher.email())).append("\"/>\n");
    x.append("  </publisher>\n");
    x.append("</plugin>\n");
    return x.toString();
  }

  /**
   * Writes the plugin zip: {@code plugin.xml} at its root and the queries under {@code
   * queries_root/}. The entries carry {@code time}, so one version always gives the same bytes.
   */
  public void writeZip(String version, Instant time, OutputStream out) throws IOException {
    FileTime stamp = FileTime.from(time);
    ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
    put(zip, "plugin.xml", pluginXml(version), stamp);
    put(zip, PowerSchoolPlugin.QUERIES_FILE, namedQueries, stamp);
    // Finish without closing: the stream is the caller's.
    zip.finish();
  }

  private static void put(ZipOutputStream zip, String name, String content, FileTime time)
      throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setLastModifiedTime(time);
    zip.putNextEntry(entry);
    zip.write(content.getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
  }
}
