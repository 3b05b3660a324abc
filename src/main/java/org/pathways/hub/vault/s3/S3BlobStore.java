package org.pathways.hub.vault.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.pathways.hub.vault.BlobOutput;
import org.pathways.hub.vault.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Blobs as objects in one bucket of an S3-compatible store, addressed path-style so that MinIO,
 * Ceph and the like work as AWS does. A blob of unknown length is uploaded in parts as it is
 * written, so a file of many gigabytes never sits in memory: one part at a time does. A blob is
 * visible only once its upload is complete, and an upload that is not committed is aborted.
 */
public final class S3BlobStore implements BlobStore {

  private static final Logger log = LoggerFactory.getLogger(S3BlobStore.class);
  private static final String CONTENT_TYPE = "application/octet-stream";

  private final S3Client s3;
  private final String bucket;
  private final int partSize;
  private final String where;

  public S3BlobStore(S3Client s3, String bucket, int partSize, String where) {
    if (partSize < S3Settings.MIN_PART_SIZE) {
      throw new IllegalArgumentException("An S3 part must be at least 5 MB");
    }
    this.s3 = s3;
    this.bucket = bucket;
    this.partSize = partSize;
    this.where = where;
  }

  /** A store on the bucket the settings name, with a client of its own. */
  public static S3BlobStore connect(S3Settings settings) {
    return new S3BlobStore(
        client(settings),
        settings.bucket(),
        settings.partSizeBytes(),
        "the S3 bucket "
            + settings.bucket()
            + (settings.endpoint() == null ? "" : " at " + settings.endpoint()));
  }

  /** An S3 client for the settings. */
  public static S3Client client(S3Settings settings) {
    AwsCredentialsProvider credentials =
        settings.accessKey() == null
            ? DefaultCredentialsProvider.builder().build()
            : StaticCredentialsProvider.create(
                AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
    S3ClientBuilder builder =
        S3Client.builder()
            .region(Region.of(settings.region()))
            .credentialsProvider(credentials)
            .forcePathStyle(true)
            // The SDK's default trailing checksums are not understood by every S3-compatible
            // server; the blobs are authenticated by their own encryption anyway.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    return builder.build();
  }

  @Override
  public BlobOutput create(String key) {
    return new MultipartOutput(key);
  }

  @Override
  public InputStream open(String key) throws IOException {
    try {
      return s3.getObject(b -> b.bucket(bucket).key(key));
    } catch (NoSuchKeyException e) {
      NoSuchFileException missing = new NoSuchFileException(key, null, "not in " + where);
      missing.initCause(e);
      throw missing;
    } catch (SdkException e) {
      throw failed("read", key, e);
    }
  }

  @Override
  public boolean exists(String key) throws IOException {
    try {
      s3.headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (SdkException e) {
      throw failed("look up", key, e);
    }
  }

  @Override
  public void delete(String key) throws IOException {
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(key));
    } catch (SdkException e) {
      throw failed("delete", key, e);
    }
  }

  @Override
  public Stream<String> list(String prefix) throws IOException {
    try {
      // A key ending in a slash is a folder marker (consoles and some servers make them), never a
      // blob of the vault's.
      return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
          .map(S3Object::key)
          .filter(k -> !k.endsWith("/"));
    } catch (SdkException e) {
      throw failed("list", prefix, e);
    }
  }

  @Override
  public String describe() {
    return where;
  }

  @Override
  public void close() {
    s3.close();
  }

  @Override
  public String toString() {
    return "S3BlobStore[" + where + "]";
  }

  private IOException failed(String what, String key, SdkException e) {
    return new IOException(
        "Could not " + what + " " + key + " in " + where + ": " + e.getMessage(), e);
  }

  /**
   * A blob uploaded one part at a time: the first full part starts a multipart upload; a blob
   * smaller than one part is put whole on commit.
   */
  private final class MultipartOutput extends BlobOutput {
    private final String key;
    private final List<CompletedPart> parts = new ArrayList<>();
    private byte[] buffer = new byte[partSize];
    private int filled;
    private String uploadId;
    private boolean committed;
    private boolean closed;

    MultipartOutput(String key) {
      this.key = key;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      requireOpen();
      int at = off;
      int left = len;
      while (left > 0) {
        int n = Math.min(left, buffer.length - filled);
        System.arraycopy(b, at, buffer, filled, n);
        filled += n;
        at += n;
        left -= n;
        if (filled == buffer.length) {
          uploadPart();
        }
      }
    }

    private void uploadPart() throws IOException {
      try {
        if (uploadId == null) {
          uploadId =
              s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(CONTENT_TYPE))
                  .uploadId();
        }
        int number = parts.size() + 1;
        String etag =
            s3.uploadPart(
                    b ->
                        b.bucket(bucket)
                            .key(key)
                            .uploadId(uploadId)
                            .partNumber(number)
                            .contentLength((long) filled),
                    body())
                .eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        filled = 0;
      } catch (SdkException e) {
        throw failed("upload a part of", key, e);
      }
    }

    /** The buffered bytes, without a copy; the SDK may read them again to retry. */
    private RequestBody body() {
      byte[] bytes = buffer;
      int length = filled;
      return RequestBody.fromContentProvider(
          () -> new ByteArrayInputStream(bytes, 0, length), length, CONTENT_TYPE);
    }

    @Override
    public void commit() throws IOException {
      requireOpen();
      try {
        if (uploadId == null) {
          s3.putObject(b -> b.bucket(bucket).key(key).contentType(CONTENT_TYPE), body());
        } else {
          if (filled > 0) {
            uploadPart();
          }
          s3.completeMultipartUpload(
              b ->
                  b.bucket(bucket)
                      .key(key)
                      .uploadId(uploadId)
                      .multipartUpload(m -> m.parts(parts)));
        }
      } catch (SdkException e) {
        throw failed("complete the upload of", key, e);
      }
      committed = true;
      buffer = null;
    }

    private void requireOpen() throws IOException {
      if (closed || committed) {
        throw new IOException("The upload of " + key + " is no longer open");
      }
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      buffer = null;
      if (!committed && uploadId != null) {
        try {
          s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
          // The parts are ciphertext, and a bucket lifecycle rule removes abandoned uploads.
          log.warn("Could not abort the upload of {} in {}: {}", key, where, e.getMessage());
        }
      }
    }
  }
}
