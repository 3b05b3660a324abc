package org.pathways.hub.vault;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;

/**
 * Where the vault keeps its encrypted blobs: the local disk or S3-compatible object storage. A
 * store sees only ciphertext and keys; it knows nothing of districts or encryption.
 */
public interface BlobStore extends Closeable {

  /**
   * Starts a new blob of unknown length under {@code key}. Nothing is visible under the key until
   * {@link BlobOutput#commit()} returns, and a blob closed without a commit leaves nothing behind.
   */
  BlobOutput create(String key) throws IOException;

  /**
   * Reads a blob.
   *
   * @throws java.nio.file.NoSuchFileException when there is no blob under the key
   */
  InputStream open(String key) throws IOException;

  boolean exists(String key) throws IOException;

  /** Deletes a blob; deleting one that is not there is not an error, so a purge can be repeated. */
  void delete(String key) throws IOException;

  /** The keys of the committed blobs under a prefix ("" for all); the stream must be closed. */
  Stream<String> list(String prefix) throws IOException;

  /** Where the blobs are, for messages and logs; never a credential. */
  String describe();

  /** Releases what the store holds open, such as its connections. */
  @Override
  default void close() throws IOException {}
}
