package org.pathways.hub.vault;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Optional;

/**
 * The master key: it wraps (encrypts) the districts' keysets, and nothing else. A key file holds it
 * by default ({@link KeyFileWrapper}); in production AWS KMS holds it ({@link
 * org.pathways.hub.vault.kms.AwsKmsWrapper}), so the master key never leaves the KMS and the hub
 * only asks it to wrap and unwrap.
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
   * before the rotation stay readable until they are re-wrapped. A master key that its KMS rotates
   * makes nothing here and returns the primary version as it is: {@link #rotatedOutside} says so.
   *
   * @return the new primary version
   */
  String rotate() throws GeneralSecurityException, IOException;

  /**
   * For a master key that is rotated where it lives rather than by {@link #rotate}, as a KMS key
   * whose key material the KMS renews itself: what the operator should know and do there. Empty for
   * a key that {@link #rotate} rotates.
   */
  default Optional<String> rotatedOutside() {
    return Optional.empty();
  }
}
