package org.pathways.hub.receive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * A file channel that passes everything on to another; the layers of an upload (quota, the tee to
 * the vault, encryption) each change only what they are about.
 */
abstract class ForwardingChannel implements SeekableByteChannel {

  protected final SeekableByteChannel ch;

  ForwardingChannel(SeekableByteChannel ch) {
    this.ch = ch;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    return ch.write(src);
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return ch.read(dst);
  }

  @Override
  public long position() throws IOException {
    return ch.position();
  }

  @Override
  public SeekableByteChannel position(long newPosition) throws IOException {
    ch.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return ch.size();
  }

  @Override
  public SeekableByteChannel truncate(long size) throws IOException {
    ch.truncate(size);
    return this;
  }

  @Override
  public boolean isOpen() {
    return ch.isOpen();
  }

  @Override
  public void close() throws IOException {
    ch.close();
  }
}
