package org.pathways.hub.receive;

import java.time.Instant;
import java.util.List;

/**
 * A district's SFTP account, as engineers see it: never its password.
 *
 * @param username the name the SIS job signs in with
 * @param district the district whose bucket it opens
 * @param hasPassword whether it can sign in with a password
 * @param keyFingerprints the SHA-256 fingerprints of its public keys
 * @param createdAt when it was created
 * @param passwordSetAt when its password was last set
 * @param revokedAt when it was revoked, or null while it is active
 * @param lastLoginAt its last successful sign-in, or null
 */
public record SftpAccount(
    String username,
    String district,
    boolean hasPassword,
    List<String> keyFingerprints,
    Instant createdAt,
    Instant passwordSetAt,
    Instant revokedAt,
    Instant lastLoginAt) {

  public SftpAccount {
    keyFingerprints = List.copyOf(keyFingerprints);
  }

  public boolean active() {
    return revokedAt == null;
  }
}
