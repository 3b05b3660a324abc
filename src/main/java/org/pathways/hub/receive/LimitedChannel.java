package org.pathways.hub.receive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * An upload's file, refusing any write that would make it larger than one file may be or than the
 * district's inbox may hold. The client gets the reason as its SFTP error.
 */
final class LimitedChannel extends ForwardingChannel {

  private final long maxFile;
  private final long maxForThisFile;

  LimitedChannel(SeekableByteChannel ch, long maxFile, long maxForThisFile) {
    super(ch);
    this.maxFile = maxFile;
    this.maxForThisFile = maxForThisFile;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    long end = ch.position() + src.remaining();
    if (end > maxFile) {
      throw new IOException(
          "File too large: one file may be at most "
              + (maxFile >> 20)
              + " MB. Split the export or compress it (.zip or .gz).");
    }
    if (end > maxForThisFile) {
      throw new IOException(
          "Quota exceeded: the district's inbox is full. Wait for the files in it to be"
              + " processed, or remove unfinished uploads.");
    }
    return ch.write(src);
  }
}
