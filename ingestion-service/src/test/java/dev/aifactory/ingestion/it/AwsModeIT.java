package dev.aifactory.ingestion.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aifactory.common.testing.MotoServer;
import dev.aifactory.ingestion.catalog.CatalogEntry;
import dev.aifactory.ingestion.catalog.DataCatalog;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.lakeformation.LakeFormationClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The service in AWS mode (the {@code aws} profile) against the local AWS emulator: versions are
 * read from and stored in S3 and catalogued in Glue, and read back through the same APIs.
 */
@SpringBootTest
@ActiveProfiles("aws")
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 1)
class AwsModeIT extends IngestionTestSupport {

  static final String BUCKET = "aifactory-aws-mode-it";
  static MotoServer moto;

  @Autowired DataCatalog catalog;

  @BeforeAll
  static void startEmulator() throws Exception {
    moto = MotoServer.start();
    try (S3Client s3 = moto.configure(S3Client.builder().forcePathStyle(true)).build()) {
      s3.createBucket(b -> b.bucket(BUCKET));
      s3.putObject(
          b -> b.bucket(BUCKET).key("incoming/people.csv"),
          RequestBody.fromString("ref,contact\n1,ana@example.com\n2,bo@example.org\n"));
    }
  }

  @AfterAll
  static void stopEmulator() {
    if (moto != null) {
      moto.close();
    }
  }

  @DynamicPropertySource
  static void aws(DynamicPropertyRegistry registry) {
    registry.add("aifactory.aws.endpoint", () -> moto.endpoint().toString());
    registry.add("aifactory.aws.access-key-id", () -> "testing");
    registry.add("aifactory.aws.secret-access-key", () -> "testing");
    registry.add("aifactory.ingestion.s3-bucket", () -> BUCKET);
    // Small enough to put an object over it into the emulator.
    registry.add("aifactory.ingestion.max-file-size", () -> "4KB");
  }

  @Test
  void registersAnS3SourceIntoS3AndCataloguesItInGlue() throws Exception {
    String id = createDataset(null);

    mvc.perform(
            post("/api/v1/datasets/{id}/versions", id)
                .header("Authorization", writer)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"path\":\"s3://" + BUCKET + "/incoming/people.csv\"}"))
        .andExpect(status().isCreated())
        .andExpect(
            jsonPath("$.location")
                .value(
                    org.hamcrest.Matchers.startsWith("s3://" + BUCKET + "/datasets/" + id + "/")));
    upload(id, "ref,contact\n3,cy@example.net\n").andExpect(status().isCreated());

    List<CatalogEntry> versions = catalog.versions(team, UUID.fromString(id), name(id));
    assertThat(versions).extracting(CatalogEntry::version).containsExactly(1, 2);
    assertThat(versions.get(0).location()).startsWith("s3://" + BUCKET + "/datasets/" + id + "/");
    assertThat(versions.get(0).tags()).contains("pii:email");
    try (GlueClient glue = moto.configure(GlueClient.builder()).build()) {
      assertThat(
              glue.getTable(
                      b ->
                          b.databaseName("aifactory_" + team.replace('-', '_'))
                              .name(name(id).replace('-', '_')))
                  .table()
                  .parameters())
          .containsEntry("aifactory.version", "2");
    }
    try (LakeFormationClient lf = moto.configure(LakeFormationClient.builder()).build()) {
      assertThat(
              lf.getResourceLFTags(
                      b ->
                          b.resource(
                              r ->
                                  r.table(
                                      t ->
                                          t.databaseName("aifactory_" + team.replace('-', '_'))
                                              .name(name(id).replace('-', '_')))))
                  .lfTagsOnTable())
          .extracting(p -> p.tagKey() + "=" + p.tagValues())
          .contains("domain:test=[true]", "pii=[true]", "pii:email=[true]", "confidential=[true]");
    }
  }

  @Test
  void refusesAnS3ObjectOverTheSizeLimitWith413AndRegistersNothing() throws Exception {
    try (S3Client s3 = moto.configure(S3Client.builder().forcePathStyle(true)).build()) {
      s3.putObject(
          b -> b.bucket(BUCKET).key("incoming/huge.csv"),
          RequestBody.fromString("ref,amount\n" + "1,2.5\n".repeat(1000)));
    }
    String id = createDataset(null);

    mvc.perform(
            post("/api/v1/datasets/{id}/versions", id)
                .header("Authorization", writer)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"path\":\"s3://" + BUCKET + "/incoming/huge.csv\"}"))
        .andExpect(status().isContentTooLarge())
        .andExpect(
            jsonPath("$.detail")
                .value(org.hamcrest.Matchers.containsString("more than the maximum of 4096")));

    assertThat(versions(id)).isZero();
    assertThat(outboxEvents(id)).isZero();
    assertThat(files(properties.dataDir().resolve("tmp"))).isZero();
  }

  String name(String id) {
    return jdbc.sql("select name from datasets where id = cast(:id as uuid)")
        .param("id", id)
        .query(String.class)
        .single();
  }
}
