package org.pathways.hub.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.pathways.hub.district.State;
import org.pathways.hub.pipeline.RunStatus;
import org.pathways.hub.pipeline.RunSummary;
import org.pathways.hub.support.Sample;
import org.pathways.hub.support.TestS3;
import org.pathways.hub.support.TestStore;
import org.pathways.hub.vault.s3.S3BlobStore;
import org.pathways.hub.vault.s3.S3Settings;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The vault on a real S3-compatible server (s3proxy, started here), with its keys in the PostgreSQL
 * server store; the hub itself is configured for the same bucket.
 */
class S3VaultTest extends VaultContract {

  private TestS3 s3;

  @Override
  protected TestStore store() {
    return TestStore.SERVER;
  }

  @Override
  protected String[] hubArgs() {
    try {
      s3 = TestS3.start();
    } catch (Exception e) {
      throw new IllegalStateException("s3proxy did not start", e);
    }
    return s3.hubArgs().toArray(String[]::new);
  }

  @AfterAll
  void stopS3() throws Exception {
    if (s3 != null) {
      s3.close();
    }
  }

  @Override
  protected BlobStore newBlobStore() {
    return S3BlobStore.connect(s3.settings());
  }

  /** Every object in the bucket, read with a client of the test's own. */
  @Override
  protected Map<String, byte[]> rawObjects() {
    Map<String, byte[]> out = new TreeMap<>();
    for (S3Object o : s3.client().listObjectsV2Paginator(b -> b.bucket(TestS3.BUCKET)).contents()) {
      out.put(
          o.key(),
          s3.client().getObjectAsBytes(b -> b.bucket(TestS3.BUCKET).key(o.key())).asByteArray());
    }
    return out;
  }

  @Override
  protected void rawWrite(String key, byte[] bytes) {
    s3.client().putObject(b -> b.bucket(TestS3.BUCKET).key(key), RequestBody.fromBytes(bytes));
  }

  @Override
  protected long pendingUploads() {
    return s3.client().listMultipartUploads(b -> b.bucket(TestS3.BUCKET)).uploads().size();
  }

  @Test
  void theHubStoresWhatItReceivesInTheConfiguredBucket() throws Exception {
    hub.addDistrict("s3-hub-isd", State.TX, "standard");
    RunSummary run = hub.ingestOne("s3-hub-isd", "students.txt", Sample.students(5));
    assertThat(run.status()).isEqualTo(RunStatus.LOADED);
    assertThat(hub.bean(BlobStore.class).describe()).contains(TestS3.BUCKET);
    List<String> keys =
        rawObjects().keySet().stream().filter(k -> k.startsWith("s3-hub-isd/")).toList();
    assertThat(keys).hasSize(1);
    assertThat(new String(rawObjects().get(keys.get(0)), StandardCharsets.ISO_8859_1))
        .doesNotContain("First1");
  }

  @Test
  void wrongCredentialsOrAMissingBucketFailWithoutSayingTheSecret() throws Exception {
    S3Settings wrong =
        new S3Settings(
            s3.endpoint(),
            "us-east-1",
            TestS3.BUCKET,
            TestS3.ACCESS_KEY,
            "not-the-secret",
            5 << 20);
    try (S3BlobStore store = S3BlobStore.connect(wrong)) {
      assertThatThrownBy(() -> store.exists("any/key"))
          .isInstanceOf(IOException.class)
          .hasMessageContaining(TestS3.BUCKET)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-the-secret"));
    }
    S3Settings missing =
        new S3Settings(
            s3.endpoint(),
            "us-east-1",
            "no-such-bucket",
            TestS3.ACCESS_KEY,
            TestS3.SECRET_KEY,
            5 << 20);
    try (S3BlobStore store = S3BlobStore.connect(missing)) {
      assertThatThrownBy(() -> store.open("any/key")).isInstanceOf(IOException.class);
      try (BlobOutput out = store.create("any/key")) {
        out.write(new byte[] {1, 2, 3});
        assertThatThrownBy(out::commit)
            .isInstanceOf(IOException.class)
            .hasMessageContaining("no-such-bucket");
      }
    }
    try (S3BlobStore store = S3BlobStore.connect(s3.settings())) {
      assertThatThrownBy(() -> store.open("not/there"))
          .isInstanceOf(NoSuchFileException.class)
          .hasMessageContaining(TestS3.BUCKET);
      assertThat(store.toString()).doesNotContain(TestS3.SECRET_KEY);
    }
    assertThat(s3.settings().toString())
        .doesNotContain(TestS3.SECRET_KEY)
        .doesNotContain(TestS3.ACCESS_KEY);
  }
}
