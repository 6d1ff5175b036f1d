package dev.aifactory.ingestion.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aifactory.common.testing.TestJwts;
import dev.aifactory.ingestion.IngestionProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Shared helpers: a fresh team per test class, dataset creation, uploads, leftovers checks. */
abstract class IngestionTestSupport {

  @Autowired MockMvc mvc;
  @Autowired JdbcClient jdbc;
  @Autowired JsonMapper json;
  @Autowired IngestionProperties properties;

  // The database is shared between runs: unique team and names keep tests independent.
  final String team = "team-" + UUID.randomUUID().toString().substring(0, 8);
  final String writer = TestJwts.bearer("alice", team, "data-engineer");
  final String viewer = TestJwts.bearer("victor", team, "viewer");

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  String createDataset(String training) throws Exception {
    String body =
        "{\"name\":\""
            + unique("ds")
            + "\",\"description\":\"test\",\"tags\":[\"pii:none\",\"domain:test\"]"
            + (training == null ? "" : ",\"training\":" + training)
            + "}";
    String response =
        mvc.perform(
                post("/api/v1/datasets")
                    .header("Authorization", writer)
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(body))
            .andExpect(status().isCreated())
            .andReturn()
            .getResponse()
            .getContentAsString();
    return json.readTree(response).get("id").asString();
  }

  ResultActions upload(String datasetId, String csv) throws Exception {
    return upload(datasetId, csv.getBytes(StandardCharsets.UTF_8), writer);
  }

  ResultActions upload(String datasetId, byte[] bytes, String token) throws Exception {
    return mvc.perform(
        multipart("/api/v1/datasets/{id}/versions", datasetId)
            .file(new MockMultipartFile("file", "data.csv", "text/csv", bytes))
            .header("Authorization", token));
  }

  JsonNode body(ResultActions result) throws Exception {
    return json.readTree(result.andReturn().getResponse().getContentAsString());
  }

  long versions(String datasetId) {
    return jdbc.sql("select count(*) from dataset_versions where dataset_id = cast(:id as uuid)")
        .param("id", datasetId)
        .query(Long.class)
        .single();
  }

  long outboxEvents(String datasetId) {
    return jdbc.sql("select count(*) from outbox where message_key = :id")
        .param("id", datasetId)
        .query(Long.class)
        .single();
  }

  /** No version row, no event, no stored file and no staging leftover for the dataset. */
  void assertNothingCreated(String datasetId) throws IOException {
    assertThat(versions(datasetId)).as("version rows").isZero();
    assertThat(outboxEvents(datasetId)).as("outbox rows").isZero();
    assertThat(files(properties.dataDir().resolve("datasets").resolve(datasetId)))
        .as("stored files")
        .isZero();
    assertThat(files(properties.dataDir().resolve("tmp"))).as("staging files").isZero();
  }

  static long files(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.count();
    }
  }
}
