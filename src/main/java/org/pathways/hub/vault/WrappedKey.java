package org.pathways.hub.vault;

import java.util.Arrays;

/** A district keyset encrypted by the master key, and the master key version that did it. */
public final class WrappedKey {

  private final byte[] ciphertext;
  private final String masterVersion;

  public WrappedKey(byte[] ciphertext, String masterVersion) {
    this.ciphertext = ciphertext.clone();
    this.masterVersion = masterVersion;
  }

  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  public String masterVersion() {
    return masterVersion;
  }

  @Override
  public String toString() {
    return "WrappedKey[" + ciphertext.length + " bytes, master " + masterVersion + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WrappedKey w
        && Arrays.equals(ciphertext, w.ciphertext)
        && masterVersion.equals(w.masterVersion);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(ciphertext) + masterVersion.hashCode();
  }
}
