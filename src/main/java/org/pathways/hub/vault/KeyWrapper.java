package org.pathways.hub.vault;

import java.io.IOException;
import java.security.GeneralSecurityException;

/**
 * The master key: it wraps (encrypts) the districts' keysets, and nothing else. A key file holds it
 * by default ({@link KeyFileWrapper}); in production a cloud KMS replaces it behind this interface,
 * so the master key never leaves the KMS and the hub only asks it to wrap and unwrap.
 */
public interface KeyWrapper {

  /** Where the master key lives, for messages: a file or a KMS key name; never the key. */
  String describe();

  /** The version of the master key that {@link #wrap} uses now, as recorded beside each keyset. */
  String primaryVersion() throws GeneralSecurityException, IOException;

  /** Encrypts a district keyset with the primary master key version. */
  WrappedKey wrap(byte[] keyset, byte[] associatedData)
      throws GeneralSecurityException, IOException;

  /** Decrypts a wrapped keyset with whichever master key version wrapped it. */
  byte[] unwrap(byte[] wrapped, byte[] associatedData) throws GeneralSecurityException, IOException;

  /**
   * Makes a new master key version primary. Older versions keep unwrapping, so keysets wrapped
   * before the rotation stay readable until they are re-wrapped.
   *
   * @return the new primary version
   */
  String rotate() throws GeneralSecurityException, IOException;
}
