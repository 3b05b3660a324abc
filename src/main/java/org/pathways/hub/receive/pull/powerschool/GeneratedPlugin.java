package org.pathways.hub.receive.pull.powerschool;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Objects;

/**
 * A district's plugin as made for a download.
 *
 * @param district the district's code
 * @param profileId the profile its queries follow
 * @param version the plugin's version: higher whenever its content changed
 * @param changed whether this content is new: the version was made now
 * @param created when this version was first made
 * @param content the plugin's content
 */
public record GeneratedPlugin(
    String district,
    String profileId,
    int version,
    boolean changed,
    Instant created,
    PluginContent content) {

  public GeneratedPlugin {
    Objects.requireNonNull(district, "district");
    Objects.requireNonNull(profileId, "profileId");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(content, "content");
  }

  /** The name the zip is downloaded as. */
  public String fileName() {
    return "pathways-powerschool-plugin-" + district + "-v" + version + ".zip";
  }

  /** The zip's bytes: a few kilobytes. */
  public byte[] zip() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      content.writeZip(Integer.toString(version), created, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
