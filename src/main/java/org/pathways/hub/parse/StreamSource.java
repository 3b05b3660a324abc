package org.pathways.hub.parse;

import java.io.IOException;
import java.io.InputStream;

/** Opens a fresh stream over the same bytes each time, so a file can be read in several passes. */
@FunctionalInterface
public interface StreamSource {
  InputStream open() throws IOException;
}
