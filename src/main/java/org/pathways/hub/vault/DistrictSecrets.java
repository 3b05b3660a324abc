package org.pathways.hub.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import org.springframework.stereotype.Component;

/**
 * Small secrets kept in the database for a district (an API client secret, a webhook address),
 * encrypted by the master key and bound to their district and purpose: a value copied into another
 * district's row, or into another column, does not decrypt.
 */
@Component
public class DistrictSecrets {

  /**
   * What a secret is for.
   *
   * @param binding the associated data's prefix, followed by the district's code
   * @param name the secret in words, for errors
   */
  public record Kind(String binding, String name) {}

  private final KeyWrapper master;

  public DistrictSecrets(KeyWrapper master) {
    this.master = master;
  }

  public WrappedKey seal(Kind kind, String district, String clear) {
    try {
      return master.wrap(clear.getBytes(StandardCharsets.UTF_8), bound(kind, district));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(
          "Could not encrypt the " + kind.name() + " of " + district + " with " + master.describe(),
          e);
    }
  }

  public String open(Kind kind, String district, byte[] cipher) {
    try {
      return new String(master.unwrap(cipher, bound(kind, district)), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(
          "Could not decrypt the " + kind.name() + " of " + district + " with " + master.describe(),
          e);
    }
  }

  private static byte[] bound(Kind kind, String district) {
    return (kind.binding() + district).getBytes(StandardCharsets.UTF_8);
  }
}
