package org.pathways.hub.generate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the generator's small text resources from the class path. */
final class Resources {

  private Resources() {}

  /** The lines of a resource, without blank lines and {@code #} comments. */
  static List<String> lines(String resource) {
    List<String> out = new ArrayList<>();
    try (InputStream in = Resources.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Resource " + resource + " is missing from the class path");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String trimmed = line.strip();
        if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
          out.add(trimmed);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read resource " + resource, e);
    }
    return out;
  }
}
