package org.pathways.hub.vault;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A blob being written. {@link #commit()} makes it durable and visible; {@link #close()} without a
 * commit discards everything written, so a store that fails midway leaves nothing behind.
 */
public abstract class BlobOutput extends OutputStream {

  /** Makes the blob durable and visible under its key; returns once it is. */
  public abstract void commit() throws IOException;

  /** Discards the blob unless it was committed. */
  @Override
  public abstract void close() throws IOException;
}
