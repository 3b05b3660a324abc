package org.pathways.hub.vault;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;

/**
 * A master key that took over from another, as a KMS key takes over from the key file: the new one
 * wraps, names the primary version and rotates; what the former one wrapped still unwraps with it,
 * until {@code vault rotate-master-key} has re-wrapped it with the new one.
 */
public final class HandoverWrapper implements KeyWrapper, AutoCloseable {

  private final KeyWrapper current;
  private final KeyWrapper former;

  public HandoverWrapper(KeyWrapper current, KeyWrapper former) {
    this.current = current;
    this.former = former;
  }

  @Override
  public String describe() {
    return current.describe() + " (and " + former.describe() + " for what it wrapped before)";
  }

  @Override
  public String primaryVersion() throws GeneralSecurityException, IOException {
    return current.primaryVersion();
  }

  @Override
  public WrappedKey wrap(byte[] keyset, byte[] associatedData)
      throws GeneralSecurityException, IOException {
    return current.wrap(keyset, associatedData);
  }

  /**
   * Unwraps with the new key first: once the handover is done everything is its, and only what is
   * left from before costs a second try. The new key's failure to reach its service is not a
   * refusal, so it is thrown as it is, never hidden behind a try with the former key.
   */
  @Override
  public byte[] unwrap(byte[] wrapped, byte[] associatedData)
      throws GeneralSecurityException, IOException {
    try {
      return current.unwrap(wrapped, associatedData);
    } catch (GeneralSecurityException refused) {
      try {
        return former.unwrap(wrapped, associatedData);
      } catch (GeneralSecurityException | IOException alsoRefused) {
        refused.addSuppressed(alsoRefused);
        throw refused;
      }
    }
  }

  @Override
  public String rotate() throws GeneralSecurityException, IOException {
    return current.rotate();
  }

  @Override
  public Optional<String> rotatedOutside() {
    return current.rotatedOutside();
  }

  @Override
  public void close() throws Exception {
    for (KeyWrapper w : List.of(current, former)) {
      if (w instanceof AutoCloseable c) {
        c.close();
      }
    }
  }

  @Override
  public String toString() {
    return "HandoverWrapper[" + current + " after " + former + "]";
  }
}
