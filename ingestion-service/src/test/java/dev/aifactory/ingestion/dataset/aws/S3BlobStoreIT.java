package dev.aifactory.ingestion.dataset.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aifactory.common.testing.MotoServer;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.ingestion.dataset.BlobStore;
import dev.aifactory.ingestion.dataset.ContentTooLarge;
import dev.aifactory.ingestion.dataset.StagingArea;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The S3 blob store against the local AWS emulator, read back through the same S3 client. */
class S3BlobStoreIT {

  static final String BUCKET = "aifactory-datasets";
  static final long PART = 5 * 1024 * 1024;

  static MotoServer moto;
  static S3Client s3;

  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    moto = MotoServer.start();
    s3 = moto.configure(S3Client.builder().forcePathStyle(true)).build();
    s3.createBucket(b -> b.bucket(BUCKET));
  }

  @AfterAll
  static void stop() {
    if (s3 != null) {
      s3.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  S3BlobStore store() {
    return new S3BlobStore(s3, BUCKET, "team-data/", PART, new StagingArea(tmp.resolve("staging")));
  }

  @Test
  void storesASmallFileInOnePutUnderAFolderPerVersion() throws Exception {
    S3BlobStore store = store();
    byte[] csv = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
    UUID id = UUID.randomUUID();

    BlobStore.Staged staged = store.stage(new ByteArrayInputStream(csv), 1024);
    String location = store.store(id, staged, "csv");
    store.discard(staged);

    assertThat(location)
        .isEqualTo(
            "s3://" + BUCKET + "/team-data/datasets/" + id + "/" + sha256(csv) + "/data.csv");
    try (InputStream in = store.open(location, Long.MAX_VALUE)) {
      assertThat(in.readAllBytes()).isEqualTo(csv);
    }
    assertThat(Files.list(tmp.resolve("staging"))).isEmpty();

    store.delete(location);
    assertThatThrownBy(
            () ->
                s3.headObject(
                    b ->
                        b.bucket(BUCKET)
                            .key(location.substring(("s3://" + BUCKET + "/").length()))))
        .isInstanceOf(NoSuchKeyException.class);
  }

  @Test
  void uploadsALargeFileInPartsAndStreamsItBack() throws Exception {
    S3BlobStore store = store();
    byte[] big = new byte[(int) (2 * PART + 12345)];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) ('a' + i % 26);
    }

    BlobStore.Staged staged = store.stage(new ByteArrayInputStream(big), big.length);
    String location = store.store(UUID.randomUUID(), staged, "csv");
    store.discard(staged);

    String key = location.substring(("s3://" + BUCKET + "/").length());
    // An ETag ending in -3 is S3's mark of an object assembled from three parts.
    assertThat(s3.headObject(b -> b.bucket(BUCKET).key(key)).eTag()).endsWith("-3\"");
    try (InputStream in = store.open(location, Long.MAX_VALUE)) {
      assertThat(MessageDigest.isEqual(in.readAllBytes(), big)).isTrue();
    }
  }

  @Test
  void readsASourceObjectAndRefusesAMissingOne() throws Exception {
    s3.putObject(b -> b.bucket(BUCKET).key("incoming/x.csv"), RequestBody.fromString("x\n1\n"));
    S3BlobStore store = store();

    try (InputStream in = store.open("s3://" + BUCKET + "/incoming/x.csv", Long.MAX_VALUE)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("x\n1\n");
    }
    assertThatThrownBy(() -> store.open("s3://" + BUCKET + "/incoming/missing.csv", Long.MAX_VALUE))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("path"));
    assertThatThrownBy(() -> store.open("s3://" + BUCKET, Long.MAX_VALUE))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("not a valid s3://bucket/key URI");
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void refusesAnObjectOverTheLimitFromItsHeadBeforeReadingIt() {
    s3.putObject(
        b -> b.bucket(BUCKET).key("incoming/big.csv"), RequestBody.fromString("a,b\n".repeat(100)));
    List<String> operations = new CopyOnWriteArrayList<>();
    try (S3Client recorded =
        moto.configure(
                S3Client.builder()
                    .forcePathStyle(true)
                    .overrideConfiguration(
                        o ->
                            o.addExecutionInterceptor(
                                new ExecutionInterceptor() {
                                  @Override
                                  public void beforeExecution(
                                      Context.BeforeExecution context,
                                      ExecutionAttributes attributes) {
                                    operations.add(context.request().getClass().getSimpleName());
                                  }
                                })))
            .build()) {
      S3BlobStore store =
          new S3BlobStore(
              recorded, BUCKET, "team-data/", PART, new StagingArea(tmp.resolve("staging")));

      assertThatThrownBy(() -> store.open("s3://" + BUCKET + "/incoming/big.csv", 399))
          .isInstanceOf(ContentTooLarge.class)
          .hasMessageContaining("400 bytes, more than the maximum of 399 bytes");
      assertThat(operations).containsExactly("HeadObjectRequest");

      operations.clear();
      try (InputStream in = store.open("s3://" + BUCKET + "/incoming/big.csv", 400)) {
        assertThat(in.readAllBytes()).hasSize(400);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      assertThat(operations).containsExactly("HeadObjectRequest", "GetObjectRequest");
    }
  }
}
