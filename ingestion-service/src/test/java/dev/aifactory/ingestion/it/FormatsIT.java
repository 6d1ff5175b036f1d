package dev.aifactory.ingestion.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.ResultActions;

/** JSON Lines and Parquet versions through the same API as CSV, and their bad inputs. */
@SpringBootTest
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 1)
class FormatsIT extends IngestionTestSupport {

  static final String JSONL =
      """
      {"age": 34, "plan": "free", "label": 1}
      {"age": 51, "plan": "pro", "label": 0}
      {"age": 27, "label": 1}
      """;

  @TempDir Path dir;

  ResultActions uploadFile(String datasetId, String fileName, byte[] bytes, String format)
      throws Exception {
    var request =
        multipart("/api/v1/datasets/{id}/versions", datasetId)
            .file(new MockMultipartFile("file", fileName, "application/octet-stream", bytes))
            .header("Authorization", writer);
    if (format != null) {
      request.param("format", format);
    }
    return mvc.perform(request);
  }

  @Test
  void registersAJsonLinesFileNamedByItsExtension() throws Exception {
    String id = createDataset(DatasetApiIT.BINARY);

    uploadFile(id, "data.jsonl", JSONL.getBytes(StandardCharsets.UTF_8), null)
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.format").value("jsonl"))
        .andExpect(jsonPath("$.location").value(endsWith(".jsonl")))
        .andExpect(jsonPath("$.rowCount").value(3))
        .andExpect(jsonPath("$.columns[0].name").value("age"))
        .andExpect(jsonPath("$.columns[0].type").value("numeric"))
        .andExpect(jsonPath("$.columns[1].name").value("plan"))
        .andExpect(jsonPath("$.columns[1].nulls").value(1))
        .andExpect(jsonPath("$.qualityStatus").value("PASSED"));
  }

  @Test
  void recognisesJsonLinesByContentOrByTheFormatParameter() throws Exception {
    String id = createDataset(null);
    uploadFile(id, "upload.bin", JSONL.getBytes(StandardCharsets.UTF_8), null)
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.format").value("jsonl"));

    Path file = Files.writeString(dir.resolve("import.txt"), "{\"x\": 1}\n{\"x\": 2}\n");
    mvc.perform(
            post("/api/v1/datasets/{id}/versions", id)
                .header("Authorization", writer)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"path\":\"" + file + "\",\"format\":\"jsonl\"}"))
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.format").value("jsonl"))
        .andExpect(jsonPath("$.version").value(2));
  }

  @Test
  void rejectsAJsonLinesFileWithABadLineNamingItAndRegistersNothing() throws Exception {
    String id = createDataset(null);

    uploadFile(
            id,
            "data.jsonl",
            "{\"a\": 1}\n{\"a\": 2}\n{\"a\": 3\n".getBytes(StandardCharsets.UTF_8),
            null)
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("file"))
        .andExpect(jsonPath("$.errors[0].message").value(startsWith("Line 3 is not valid JSON")));
    uploadFile(id, "data.jsonl", "{\"a\": 1}\n\"text\"\n".getBytes(StandardCharsets.UTF_8), null)
        .andExpect(status().isBadRequest())
        .andExpect(
            jsonPath("$.errors[0].message").value(startsWith("Line 2 is not a JSON object")));
    assertNothingCreated(id);
  }

  @Test
  void registersAParquetFileWrittenByDuckDb() throws Exception {
    String id = createDataset(DatasetApiIT.BINARY);
    Path file = dir.resolve("d.parquet");
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = db.createStatement()) {
      s.execute(
          "COPY (SELECT i AS age, CASE WHEN i % 2 = 0 THEN 'free' ELSE 'pro' END AS plan,"
              + " i % 2 AS label FROM range(20, 70) t(i)) TO '"
              + file
              + "' (FORMAT PARQUET)");
    }

    uploadFile(id, "d.parquet", Files.readAllBytes(file), null)
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.format").value("parquet"))
        .andExpect(jsonPath("$.location").value(endsWith(".parquet")))
        .andExpect(jsonPath("$.rowCount").value(50))
        .andExpect(jsonPath("$.columns[0].name").value("age"))
        .andExpect(jsonPath("$.columns[0].min").value(20.0))
        .andExpect(jsonPath("$.columns[0].max").value(69.0))
        .andExpect(jsonPath("$.columns[1].topValues[0].count").value(25));
  }

  @Test
  void rejectsAFileThatIsNotParquetAndRegistersNothing() throws Exception {
    String id = createDataset(null);

    uploadFile(id, "d.parquet", "age,plan\n1,free\n".getBytes(StandardCharsets.UTF_8), null)
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("file"))
        .andExpect(
            jsonPath("$.errors[0].message")
                .value(startsWith("The file is not a readable Parquet file")));
    uploadFile(id, "x.bin", "PAR1 garbage that only starts like Parquet".getBytes(), "parquet")
        .andExpect(status().isBadRequest());
    assertNothingCreated(id);
  }

  @Test
  void servesTheProfileOfAVersionWithItsSketchFields() throws Exception {
    String id = createDataset(null);
    StringBuilder csv = new StringBuilder("x,plan\n");
    for (int i = 1; i <= 100; i++) {
      csv.append(i).append(',').append(i % 4 == 0 ? "pro" : "free").append('\n');
    }
    uploadFile(id, "d.csv", csv.toString().getBytes(StandardCharsets.UTF_8), null)
        .andExpect(status().isCreated());

    mvc.perform(
            org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(
                    "/api/v1/datasets/{id}/versions/1/profile", id)
                .header("Authorization", viewer))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.rowCount").value(100))
        .andExpect(jsonPath("$.format").value("csv"))
        .andExpect(jsonPath("$.columns[0].histogram.length()").value(10))
        .andExpect(jsonPath("$.columns[0].binEdges.length()").value(11))
        .andExpect(jsonPath("$.columns[0].binEdges[0]").value(1.0))
        .andExpect(jsonPath("$.columns[0].binEdges[10]").value(100.0))
        .andExpect(jsonPath("$.columns[0].quantiles[4].rank").value(0.5))
        .andExpect(jsonPath("$.columns[0].quantiles[4].value").value(50.0))
        .andExpect(jsonPath("$.columns[1].categoryFrequencies[0].value").value("free"))
        .andExpect(jsonPath("$.columns[1].categoryFrequencies[0].count").value(75))
        .andExpect(jsonPath("$.columns[1].topValues[1].value").value("pro"));
    mvc.perform(
            org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(
                    "/api/v1/datasets/{id}/versions/2/profile", id)
                .header("Authorization", viewer))
        .andExpect(status().isNotFound());
  }

  @Test
  void rejectsAnUnknownFormat() throws Exception {
    String id = createDataset(null);

    uploadFile(id, "d.csv", "a\n1\n".getBytes(StandardCharsets.UTF_8), "xlsx")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("format"));
    assertThat(versions(id)).isZero();
  }
}
