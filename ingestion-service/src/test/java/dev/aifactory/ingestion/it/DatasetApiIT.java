package dev.aifactory.ingestion.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aifactory.common.events.ColumnSchema;
import dev.aifactory.common.events.DatasetVersionRegistered;
import dev.aifactory.common.events.IncomingEvent;
import dev.aifactory.common.events.Topics;
import dev.aifactory.common.events.TrainingBinding;
import dev.aifactory.common.testing.TestJwts;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.ResultActions;

@SpringBootTest
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 1)
class DatasetApiIT extends IngestionTestSupport {

  static final String BINARY =
      "{\"modelGroup\":\"churn\",\"target\":\"label\",\"objective\":\"binary\",\"autoTrain\":true}";
  static final String REGRESSION =
      "{\"modelGroup\":\"price\",\"target\":\"label\",\"objective\":\"regression\"}";
  static final String CSV = "age,city,label\n34,\"Paris, FR\",1\n51,Oslo,0\n27,,1\n45,Oslo,0\n";

  @Autowired EmbeddedKafkaBroker broker;
  @Autowired MeterRegistry meters;

  @Test
  void registersAVersionAndPublishesTheVersionRegisteredCloudEvent() throws Exception {
    String id = createDataset(BINARY);

    ResultActions created =
        upload(id, CSV)
            .andExpect(status().isCreated())
            .andExpect(header().string("Location", "/api/v1/datasets/" + id + "/versions/1"))
            .andExpect(jsonPath("$.version").value(1))
            .andExpect(jsonPath("$.contentHash").value(sha256(CSV)))
            .andExpect(jsonPath("$.rowCount").value(4))
            .andExpect(jsonPath("$.qualityStatus").value("PASSED"))
            .andExpect(jsonPath("$.location").value(startsWith("file:///")))
            .andExpect(jsonPath("$.createdAt").exists())
            .andExpect(jsonPath("$.columns[0].name").value("age"))
            .andExpect(jsonPath("$.columns[0].type").value("numeric"))
            .andExpect(jsonPath("$.columns[0].histogram.length()").value(10))
            .andExpect(jsonPath("$.columns[1].type").value("categorical"))
            .andExpect(jsonPath("$.columns[1].nulls").value(1))
            .andExpect(jsonPath("$.columns[1].topValues[0].value").value("Oslo"))
            .andExpect(jsonPath("$.columns[1].topValues[0].count").value(2));
    Path stored = Path.of(URI.create(body(created).get("location").asString()));
    assertThat(stored)
        .isEqualTo(
            properties.dataDir().resolve("datasets").resolve(id).resolve(sha256(CSV) + ".csv"));
    assertThat(Files.readString(stored)).isEqualTo(CSV);

    ConsumerRecord<String, String> record = awaitEvent(id);
    IncomingEvent event = IncomingEvent.from(record);
    assertThat(event.type()).isEqualTo("dev.aifactory.dataset.version-registered.v1");
    assertThat(event.subject()).isEqualTo(id);
    assertThat(event.source()).isEqualTo("/ingestion-service");
    DatasetVersionRegistered data = event.data(json, DatasetVersionRegistered.class);
    assertThat(data.team()).isEqualTo(team);
    assertThat(data.version()).isEqualTo(1);
    assertThat(data.location()).isEqualTo(stored.toUri().toString());
    assertThat(data.format()).isEqualTo("csv");
    assertThat(data.contentHash()).isEqualTo(sha256(CSV));
    assertThat(data.rowCount()).isEqualTo(4);
    assertThat(data.qualityStatus()).isEqualTo("PASSED");
    assertThat(data.tags()).containsExactly("pii:none", "domain:test");
    assertThat(data.schema())
        .containsExactly(
            new ColumnSchema("age", "numeric"),
            new ColumnSchema("city", "categorical"),
            new ColumnSchema("label", "numeric"));
    assertThat(data.profile()).hasSize(3);
    assertThat(data.profile().get(0).mean()).isEqualTo(39.25);
    assertThat(data.training()).isEqualTo(new TrainingBinding("churn", "label", "binary", true));

    assertThat(
            meters
                .find("aifactory.ingestion.versions.registered")
                .tag("team", team)
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(meters.find("aifactory.ingestion.rows").tag("team", team).summary().totalAmount())
        .isEqualTo(4.0);
  }

  @Test
  void readsDatasetsAndVersionsBack() throws Exception {
    String id = createDataset(BINARY);
    upload(id, CSV).andExpect(status().isCreated());

    mvc.perform(get("/api/v1/datasets/{id}", id).header("Authorization", viewer))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.id").value(id))
        .andExpect(jsonPath("$.training.modelGroup").value("churn"))
        .andExpect(jsonPath("$.tags[0]").value("pii:none"));
    mvc.perform(get("/api/v1/datasets").param("size", "200").header("Authorization", viewer))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.page").value(0))
        .andExpect(jsonPath("$.size").value(200))
        .andExpect(jsonPath("$.items[*].id", hasItem(id)));
    mvc.perform(get("/api/v1/datasets/{id}/versions", id).header("Authorization", viewer))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.total").value(1))
        .andExpect(jsonPath("$.size").value(20))
        .andExpect(jsonPath("$.items[0].version").value(1))
        .andExpect(jsonPath("$.items[0].columns[0].histogram").doesNotExist());
    mvc.perform(get("/api/v1/datasets/{id}/versions/1", id).header("Authorization", viewer))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.columns[0].histogram.length()").value(10))
        .andExpect(jsonPath("$.columns[0].min").value(27.0))
        .andExpect(jsonPath("$.columns[1].topValues[0].value").value("Oslo"));
    mvc.perform(get("/api/v1/datasets/{id}/versions/2", id).header("Authorization", viewer))
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
  }

  @Test
  void returnsTheExistingVersionForTheSameBytesWithoutASecondEvent() throws Exception {
    String id = createDataset(BINARY);
    upload(id, CSV).andExpect(status().isCreated());
    awaitEvent(id);

    upload(id, CSV)
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.version").value(1))
        .andExpect(jsonPath("$.contentHash").value(sha256(CSV)));

    assertThat(versions(id)).isEqualTo(1);
    assertThat(outboxEvents(id)).isEqualTo(1);
    assertThat(files(properties.dataDir().resolve("tmp"))).isZero();

    upload(id, CSV + "38,Rome,1\n")
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.version").value(2))
        .andExpect(jsonPath("$.rowCount").value(5));
    assertThat(outboxEvents(id)).isEqualTo(2);
  }

  @Test
  void marksAVersionRejectedWhenMostTargetValuesAreMissing() throws Exception {
    String id = createDataset(BINARY);

    upload(id, "age,label\n1,\n2,\n3,1\n")
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.qualityStatus").value("REJECTED_QUALITY"))
        .andExpect(jsonPath("$.qualityReason").value(containsString("missing in 2 of 3 rows")));

    DatasetVersionRegistered data =
        IncomingEvent.from(awaitEvent(id)).data(json, DatasetVersionRegistered.class);
    assertThat(data.qualityStatus()).isEqualTo("REJECTED_QUALITY");
  }

  @Test
  void registersADatasetWithoutTrainingBinding() throws Exception {
    String id = createDataset(null);
    upload(id, "anything,else\nx,y\n")
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.qualityStatus").value("PASSED"));
    assertThat(IncomingEvent.from(awaitEvent(id)).data(json, DatasetVersionRegistered.class))
        .extracting(DatasetVersionRegistered::training)
        .isNull();
  }

  @Test
  void importsAServerSideFileUnderAnImportRoot() throws Exception {
    String id = createDataset(REGRESSION);
    Path file = Files.createTempFile("import-", ".csv");
    try {
      Files.writeString(file, "\uFEFFx,label\n1,2.5\n2,3.5\n");
      mvc.perform(
              post("/api/v1/datasets/{id}/versions", id)
                  .header("Authorization", writer)
                  .contentType(MediaType.APPLICATION_JSON)
                  .content("{\"path\":\"" + file.toAbsolutePath() + "\"}"))
          .andExpect(status().isCreated())
          .andExpect(jsonPath("$.rowCount").value(2))
          .andExpect(jsonPath("$.columns[0].name").value("x"));
      assertThat(file).exists();
    } finally {
      Files.deleteIfExists(file);
    }
  }

  // --- bad input: a 4xx problem naming the field, and nothing half-created ---

  @Test
  void rejectsAnS3SourceInLocalMode() throws Exception {
    String id = createDataset(null);
    mvc.perform(
            post("/api/v1/datasets/{id}/versions", id)
                .header("Authorization", writer)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"path\":\"s3://aifactory-datasets/incoming/churn.csv\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("path"))
        .andExpect(jsonPath("$.detail").value(containsString("local mode")));
    assertNothingCreated(id);
  }

  @Test
  void rejectsAnImportPathOutsideTheImportRoots() throws Exception {
    String id = createDataset(null);
    mvc.perform(
            post("/api/v1/datasets/{id}/versions", id)
                .header("Authorization", writer)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"path\":\"/etc/passwd\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("path"));
    mvc.perform(
            post("/api/v1/datasets/{id}/versions", id)
                .header("Authorization", writer)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"path\":\"/nonexistent/nothing.csv\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("path"));
    assertNothingCreated(id);
  }

  @Test
  void rejectsAMalformedCsvNamingTheLine() throws Exception {
    String id = createDataset(BINARY);
    expectFileProblem(upload(id, "age,label\n1,0\n2\n3,1\n"), "Line 3");
    expectFileProblem(upload(id, "age,label\n1,\"unterminated\n"), "not valid CSV");
    assertNothingCreated(id);
  }

  @Test
  void rejectsAFileThatIsNotUtf8() throws Exception {
    String id = createDataset(BINARY);
    byte[] latin1 = "age,label,city\n1,0,M\u00fcnchen\n".getBytes(StandardCharsets.ISO_8859_1);
    expectFileProblem(upload(id, latin1, writer), "not UTF-8 text");
    assertNothingCreated(id);
  }

  @Test
  void rejectsAnEmptyFile() throws Exception {
    String id = createDataset(BINARY);
    expectFileProblem(upload(id, ""), "empty");
    assertNothingCreated(id);
  }

  @Test
  void rejectsAHeaderWithoutDataRows() throws Exception {
    String id = createDataset(BINARY);
    expectFileProblem(upload(id, "age,label\n"), "no data rows");
    assertNothingCreated(id);
  }

  @Test
  void rejectsDuplicateOrBlankHeaderNames() throws Exception {
    String id = createDataset(null);
    expectFileProblem(upload(id, "a,b,a\n1,2,3\n"), "more than once");
    expectFileProblem(upload(id, "a,,c\n1,2,3\n"), "blank name");
    assertNothingCreated(id);
  }

  @Test
  void rejectsAnUnknownTrainingTargetColumn() throws Exception {
    String id = createDataset(BINARY);
    upload(id, "age,outcome\n1,0\n")
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("training.target"))
        .andExpect(jsonPath("$.detail").value(containsString("[age, outcome]")));
    assertNothingCreated(id);
  }

  @Test
  void rejectsANonNumericTargetForRegression() throws Exception {
    String id = createDataset(REGRESSION);
    upload(id, "x,label\n1,high\n2,low\n")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("training.target"))
        .andExpect(jsonPath("$.detail").value(containsString("numeric")));
    assertNothingCreated(id);
  }

  @Test
  void rejectsAnUploadWithoutTheFilePart() throws Exception {
    String id = createDataset(null);
    mvc.perform(
            multipart("/api/v1/datasets/{id}/versions", id)
                .file(new MockMultipartFile("data", "d.csv", "text/csv", "a\n1\n".getBytes()))
                .header("Authorization", writer))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("file"));
    assertNothingCreated(id);
  }

  @Test
  void rejectsMissingAndInvalidTokens() throws Exception {
    String id = createDataset(null);
    byte[] csv = "a\n1\n".getBytes(StandardCharsets.UTF_8);
    mvc.perform(
            multipart("/api/v1/datasets/{id}/versions", id)
                .file(new MockMultipartFile("file", "d.csv", "text/csv", csv)))
        .andExpect(status().isUnauthorized())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    upload(id, csv, "Bearer not-a-jwt")
        .andExpect(status().isUnauthorized())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    upload(id, csv, "Bearer " + TestJwts.expiredToken("alice", team, "data-engineer"))
        .andExpect(status().isUnauthorized());
    mvc.perform(get("/api/v1/datasets")).andExpect(status().isUnauthorized());
    assertNothingCreated(id);
  }

  @Test
  void hidesOtherTeamsDatasets() throws Exception {
    String id = createDataset(null);
    String stranger = TestJwts.bearer("mallory", unique("other"), "admin");

    mvc.perform(get("/api/v1/datasets/{id}", id).header("Authorization", stranger))
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    mvc.perform(get("/api/v1/datasets/{id}/versions", id).header("Authorization", stranger))
        .andExpect(status().isNotFound());
    upload(id, "a\n1\n".getBytes(StandardCharsets.UTF_8), stranger)
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    mvc.perform(get("/api/v1/datasets").header("Authorization", stranger))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items[*].id", not(hasItem(id))));
    assertNothingCreated(id);
  }

  @Test
  void forbidsViewersToWrite() throws Exception {
    String id = createDataset(null);
    upload(id, "a\n1\n".getBytes(StandardCharsets.UTF_8), viewer)
        .andExpect(status().isForbidden())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    String name = unique("viewer");
    mvc.perform(
            post("/api/v1/datasets")
                .header("Authorization", viewer)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"" + name + "\"}"))
        .andExpect(status().isForbidden());
    assertNothingCreated(id);
    assertThat(datasetsNamed(name)).isZero();
  }

  @Test
  void validatesDatasetFields() throws Exception {
    mvc.perform(
            post("/api/v1/datasets")
                .header("Authorization", writer)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
                    {"name":"Bad Name","training":
                      {"modelGroup":"Bad Group","target":"y","objective":"ranking"}}
                    """))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(
            jsonPath(
                "$.errors[*].field",
                hasItems("name", "training.modelGroup", "training.objective")));
    assertThat(datasetsNamed("Bad Name")).isZero();
  }

  @Test
  void rejectsADuplicateDatasetNameWithinTheTeam() throws Exception {
    String name = unique("dup");
    String body = "{\"name\":\"" + name + "\"}";
    mvc.perform(
            post("/api/v1/datasets")
                .header("Authorization", writer)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body))
        .andExpect(status().isCreated());
    mvc.perform(
            post("/api/v1/datasets")
                .header("Authorization", writer)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body))
        .andExpect(status().isConflict())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    // Another team may use the same name.
    mvc.perform(
            post("/api/v1/datasets")
                .header("Authorization", TestJwts.bearer("bob", unique("t"), "ml-engineer"))
                .contentType(MediaType.APPLICATION_JSON)
                .content(body))
        .andExpect(status().isCreated());
    assertThat(datasetsNamed(name)).isEqualTo(2);
  }

  @Test
  void replaysTheStoredResponseForARepeatedIdempotencyKey() throws Exception {
    String key = unique("key");
    String name = unique("idem");
    String body = "{\"name\":\"" + name + "\",\"training\":" + BINARY + "}";
    String first =
        mvc.perform(
                post("/api/v1/datasets")
                    .header("Authorization", writer)
                    .header("Idempotency-Key", key)
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(body))
            .andExpect(status().isCreated())
            .andExpect(header().exists("Location"))
            .andReturn()
            .getResponse()
            .getContentAsString();
    String id = json.readTree(first).get("id").asString();

    mvc.perform(
            post("/api/v1/datasets")
                .header("Authorization", writer)
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body))
        .andExpect(status().isCreated())
        .andExpect(header().string("Location", "/api/v1/datasets/" + id))
        .andExpect(content().json(first));

    mvc.perform(
            post("/api/v1/datasets")
                .header("Authorization", writer)
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"" + unique("other") + "\"}"))
        .andExpect(status().isUnprocessableContent())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    assertThat(datasetsNamed(name)).isEqualTo(1);
  }

  @Test
  void rejectsAPageSizeAboveTheMaximum() throws Exception {
    mvc.perform(get("/api/v1/datasets").param("size", "201").header("Authorization", viewer))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("size"));
  }

  private void expectFileProblem(ResultActions result, String detail) throws Exception {
    result
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("file"))
        .andExpect(jsonPath("$.detail").value(containsString(detail)));
  }

  private long datasetsNamed(String name) {
    return jdbc.sql("select count(*) from datasets where name = :name")
        .param("name", name)
        .query(Long.class)
        .single();
  }

  private ConsumerRecord<String, String> awaitEvent(String datasetId) {
    Map<String, Object> props = KafkaTestUtils.consumerProps(broker, unique("it"), true);
    AtomicReference<ConsumerRecord<String, String>> found = new AtomicReference<>();
    try (Consumer<String, String> consumer =
        new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(), new StringDeserializer())
            .createConsumer()) {
      consumer.subscribe(List.of(Topics.DATASETS));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (ConsumerRecord<String, String> r :
                    KafkaTestUtils.getRecords(consumer, Duration.ofMillis(500))) {
                  if (datasetId.equals(r.key())) {
                    found.set(r);
                  }
                }
                return found.get() != null;
              });
    }
    return found.get();
  }

  static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
