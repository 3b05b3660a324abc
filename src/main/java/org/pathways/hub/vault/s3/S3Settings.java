package org.pathways.hub.vault.s3;

import java.net.URI;

/**
 * Where and how to reach the vault's bucket.
 *
 * @param endpoint the S3-compatible server, such as {@code http://127.0.0.1:9000}; null for AWS
 * @param region the signing region
 * @param bucket the bucket, which must exist
 * @param accessKey the access key id; null to use the default AWS credential chain (instance roles,
 *     environment)
 * @param secretKey the secret access key; never logged
 * @param partSizeBytes the size of one part of a multipart upload: the memory one upload holds
 */
public record S3Settings(
    URI endpoint,
    String region,
    String bucket,
    String accessKey,
    String secretKey,
    int partSizeBytes) {

  /** The smallest part S3 accepts, except the last. */
  public static final int MIN_PART_SIZE = 5 << 20;

  public S3Settings {
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("The S3 vault needs a bucket (hub.vault.s3.bucket)");
    }
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("The S3 vault needs a region (hub.vault.s3.region)");
    }
    if ((accessKey == null) != (secretKey == null)) {
      throw new IllegalArgumentException(
          "Give both hub.vault.s3.access-key and hub.vault.s3.secret-key, or neither");
    }
    if (partSizeBytes < MIN_PART_SIZE) {
      throw new IllegalArgumentException(
          "An S3 part must be at least 5 MB (hub.vault.s3.part-size-mb)");
    }
  }

  @Override
  public String toString() {
    return "S3Settings[endpoint="
        + (endpoint == null ? "aws" : endpoint)
        + ", region="
        + region
        + ", bucket="
        + bucket
        + ", credentials="
        + (accessKey == null ? "default chain" : "****")
        + ", partSizeBytes="
        + partSizeBytes
        + "]";
  }
}
