package org.pathways.hub.access;

import java.security.SecureRandom;

/** Random secrets that are easy to paste into an SIS scheduler and hard to guess. */
public final class Secrets {

  // No 0/O, 1/l/I: a password is sometimes read aloud or retyped from a screen.
  private static final char[] ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  /** A secret of {@code length} characters: 24 carry about 140 bits. */
  public static String random(int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(out);
  }
}
