package org.pathways.hub.vault.kms;

import java.net.URI;

/**
 * Which AWS KMS key is the master key, and where to reach it. Credentials are not settings: they
 * come from the AWS SDK's default chain (environment, profile, instance or task role).
 *
 * @param keyId the key's id, key ARN, alias ({@code alias/NAME}) or alias ARN
 * @param region the key's region; null for the region of a key ARN, else the SDK's default chain
 * @param endpoint another endpoint than AWS's own for the region, such as a VPC endpoint; null for
 *     AWS's own
 */
public record KmsSettings(String keyId, String region, URI endpoint) {

  public KmsSettings {
    if (keyId == null || keyId.isBlank()) {
      throw new IllegalArgumentException(
          "The AWS KMS master key needs hub.vault.kms.key-id: the key's id, ARN, alias"
              + " (alias/NAME) or alias ARN");
    }
    keyId = keyId.strip();
    if (region != null && region.isBlank()) {
      region = null;
    }
  }

  /** The region named by the key id, when it is an ARN: {@code arn:aws:kms:REGION:ACCOUNT:...}. */
  String regionOfArn() {
    String[] parts = keyId.split(":", 6);
    return parts.length == 6 && parts[0].equals("arn") && parts[2].equals("kms") ? parts[3] : null;
  }

  /** The key and where it is, for messages. */
  String where() {
    return keyId
        + (region == null ? "" : " in " + region)
        + (endpoint == null ? "" : " at " + endpoint);
  }
}
