package org.pathways.hub.support;

import java.net.URI;
import java.util.List;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.pathways.hub.vault.s3.S3BlobStore;
import org.pathways.hub.vault.s3.S3Settings;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for tests: s3proxy on a free loopback port, keeping its objects in
 * memory (jclouds' transient store, which unlike its filesystem store makes no folder objects),
 * with one bucket and credentials of its own.
 */
public final class TestS3 implements AutoCloseable {

  public static final String BUCKET = "hub-vault-test";
  public static final String ACCESS_KEY = "hub-test-access";
  public static final String SECRET_KEY = "hub-test-secret-never-logged";

  /** The smallest part S3 accepts, so that tests reach multipart uploads with small files. */
  public static final int PART_SIZE = S3Settings.MIN_PART_SIZE;

  private final BlobStoreContext context;
  private final S3Proxy proxy;
  private final URI endpoint;
  private final S3Client client;

  private TestS3(BlobStoreContext context, S3Proxy proxy) {
    this.context = context;
    this.proxy = proxy;
    this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    this.client = S3BlobStore.client(settings());
  }

  public static TestS3 start() throws Exception {
    BlobStoreContext context =
        ContextBuilder.newBuilder("transient")
            .credentials("unused", "unused")
            .build(BlobStoreContext.class);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(context.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    proxy.start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
      }
      Thread.sleep(10);
    }
    TestS3 s3 = new TestS3(context, proxy);
    s3.client.createBucket(b -> b.bucket(BUCKET));
    return s3;
  }

  public URI endpoint() {
    return endpoint;
  }

  /** A client of its own, to look at the bucket behind the vault's back. */
  public S3Client client() {
    return client;
  }

  public S3Settings settings() {
    return new S3Settings(endpoint, "us-east-1", BUCKET, ACCESS_KEY, SECRET_KEY, PART_SIZE);
  }

  /** The hub's settings for this server. */
  public List<String> hubArgs() {
    return List.of(
        "--hub.vault.backend=s3",
        "--hub.vault.s3.endpoint=" + endpoint,
        "--hub.vault.s3.region=us-east-1",
        "--hub.vault.s3.bucket=" + BUCKET,
        "--hub.vault.s3.access-key=" + ACCESS_KEY,
        "--hub.vault.s3.secret-key=" + SECRET_KEY,
        "--hub.vault.s3.part-size-mb=5");
  }

  @Override
  public void close() throws Exception {
    try {
      client.close();
      proxy.stop();
    } finally {
      context.close();
    }
  }
}
