package dev.aifactory.ingestion.it;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.context.EmbeddedKafka;

@SpringBootTest(properties = "spring.servlet.multipart.max-file-size=1KB")
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 1)
class UploadLimitIT extends IngestionTestSupport {

  @Test
  void rejectsAFileAboveTheConfiguredMaximumSize() throws Exception {
    String id = createDataset(null);
    String csv = "x\n" + "12345\n".repeat(200);

    upload(id, csv)
        .andExpect(status().isContentTooLarge())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("file"))
        .andExpect(jsonPath("$.detail").value(containsString("1024 bytes")));
    assertNothingCreated(id);

    upload(id, "x\n1\n").andExpect(status().isCreated());
  }
}
