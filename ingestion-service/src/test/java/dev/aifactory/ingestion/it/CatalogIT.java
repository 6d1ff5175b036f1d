package dev.aifactory.ingestion.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aifactory.ingestion.catalog.CatalogEntry;
import dev.aifactory.ingestion.catalog.DataCatalog;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.kafka.test.context.EmbeddedKafka;

/** The default (PostgreSQL) catalog receives every registered version in the same transaction. */
@SpringBootTest
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 1)
class CatalogIT extends IngestionTestSupport {

  @Autowired DataCatalog catalog;

  @Test
  void catalogsEachVersionWithColumnsHashAndTags() throws Exception {
    String id = createDataset(null);
    String first =
        body(upload(id, "ref,contact\n1,ana@example.com\n").andExpect(status().isCreated()))
            .get("contentHash")
            .asString();
    upload(id, "ref,contact\n2,bo@example.com\n").andExpect(status().isCreated());
    upload(id, "ref,contact\n1,ana@example.com\n").andExpect(status().isOk());

    List<CatalogEntry> versions = catalog.versions(team, UUID.fromString(id), "ignored");

    assertThat(versions).extracting(CatalogEntry::version).containsExactly(1, 2);
    CatalogEntry v1 = versions.get(0);
    assertThat(v1.contentHash()).isEqualTo(first);
    assertThat(v1.format()).isEqualTo("csv");
    assertThat(v1.location()).startsWith("file:///");
    assertThat(v1.columns())
        .containsExactly(
            new CatalogEntry.Column("ref", "numeric"),
            new CatalogEntry.Column("contact", "categorical"));
    assertThat(v1.tags()).contains("pii:email", "confidential");
    assertThat(catalog.versions("other-team", UUID.fromString(id), "x")).isEmpty();
  }
}
