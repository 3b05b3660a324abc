package org.pathways.hub.vault;

import java.io.IOException;
import java.io.InputStream;

/**
 * Keeps every received file exactly as received, once, so any run can be replayed and audited. A
 * file is stored completely (and durably) before {@link #store} returns, which is what lets a
 * receiver acknowledge it.
 */
public interface Vault {

  StoredFile store(String district, String fileName, InputStream content) throws IOException;

  /**
   * Opens a stored file; the bytes are checked against the stored checksum as they are read, and
   * the last read fails if they differ.
   *
   * @throws java.nio.file.NoSuchFileException when the file is no longer in the vault (purged)
   */
  InputStream open(StoredFile file) throws IOException;

  /** Deletes a stored file for good; deleting one already gone is not an error. */
  void delete(StoredFile file) throws IOException;
}
