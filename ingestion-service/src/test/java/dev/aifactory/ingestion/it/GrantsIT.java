package dev.aifactory.ingestion.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aifactory.common.testing.PagingProbe;
import dev.aifactory.common.testing.TestJwts;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.web.servlet.ResultActions;

@SpringBootTest
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 1)
class GrantsIT extends IngestionTestSupport {

  ResultActions grant(String body, String token) throws Exception {
    return mvc.perform(
        post("/api/v1/grants")
            .header("Authorization", token)
            .contentType(MediaType.APPLICATION_JSON)
            .content(body));
  }

  ResultActions check(String id, int version, String permission) throws Exception {
    return mvc.perform(
        get("/api/v1/datasets/{id}/versions/{v}/access", id, version)
            .param("principal", "training-service")
            .param("permission", permission)
            .header("Authorization", viewer));
  }

  long grants() {
    return jdbc.sql("select count(*) from access_grants where team = :team")
        .param("team", team)
        .query(Long.class)
        .single();
  }

  @Test
  void allowsReadsOnlyThroughAMatchingGrantAndNamesTheMissingOne() throws Exception {
    String id = createDataset(null);
    upload(id, "ref,contact\n1,ana@example.com\n").andExpect(status().isCreated());

    check(id, 1, "READ")
        .andExpect(status().isForbidden())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(
            jsonPath("$.detail").value(containsString("'training-service' has no READ grant")))
        .andExpect(jsonPath("$.detail").value(containsString("missing grant READ on dataset")));

    grant(
            "{\"principal\":\"training-service\",\"permissions\":[\"READ\"],"
                + "\"tagExpression\":\"domain=test AND NOT pii\"}",
            writer)
        .andExpect(status().isCreated())
        .andExpect(header().exists("Location"))
        .andExpect(jsonPath("$.tagExpression").value("domain:test AND NOT pii"));
    check(id, 1, "READ").andExpect(status().isForbidden());

    upload(id, "ref,amount\n2,3.5\n").andExpect(status().isCreated());
    check(id, 2, "READ")
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.grantedBy.principal").value("training-service"));
    check(id, 2, "DESCRIBE").andExpect(status().isOk());

    grant(
            "{\"principal\":\"training-service\",\"permissions\":[\"DESCRIBE\"],"
                + "\"datasetId\":\""
                + id
                + "\"}",
            writer)
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.datasetName").exists());
    check(id, 1, "DESCRIBE").andExpect(status().isOk());
    check(id, 1, "READ").andExpect(status().isForbidden());

    mvc.perform(get("/api/v1/grants").header("Authorization", viewer))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.total").value(2));
  }

  @Test
  void aGrantToTheTeamCoversEveryMemberButNotAnotherTeamsPrincipal() throws Exception {
    String id = createDataset(null);
    upload(id, "ref,amount\n1,2.5\n").andExpect(status().isCreated());
    check(id, 1, "READ").andExpect(status().isForbidden());

    grant(
            "{\"principal\":\"team:"
                + team
                + "\",\"permissions\":[\"READ\"],\"datasetId\":\""
                + id
                + "\"}",
            writer)
        .andExpect(status().isCreated());

    check(id, 1, "READ")
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.grantedBy.principal").value("team:" + team));
    mvc.perform(
            get("/api/v1/datasets/{id}/versions/{v}/access", id, 1)
                .param("principal", "team:someone-else")
                .param("permission", "READ")
                .header("Authorization", viewer))
        .andExpect(status().isForbidden());
  }

  // --- bad input: 4xx problem+json naming the field, nothing recorded ---

  @Test
  void refusesAPageOrPageSizeOutOfRangeNamingIt() throws Exception {
    for (String list : new String[] {"/api/v1/grants", "/api/v1/datasets"}) {
      PagingProbe.refusesOutOfRangePaging(mvc, list, viewer);
    }
  }

  @Test
  void refusesBadGrantsAndRecordsNothing() throws Exception {
    String id = createDataset(null);

    grant("{\"principal\":\"t\",\"permissions\":[\"READ\"],\"tagExpression\":\"pii\"}", viewer)
        .andExpect(status().isForbidden())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    grant("{\"permissions\":[\"READ\"],\"tagExpression\":\"pii\"}", writer)
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("principal"));
    grant("{\"principal\":\"t\",\"permissions\":[\"WRITE\"],\"tagExpression\":\"pii\"}", writer)
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("permissions"));
    grant(
            "{\"principal\":\"t\",\"permissions\":[\"READ\"],\"tagExpression\":\"pii\","
                + "\"datasetId\":\""
                + id
                + "\"}",
            writer)
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("datasetId"));
    grant(
            "{\"principal\":\"t\",\"permissions\":[\"READ\"],\"tagExpression\":\"NOT domain:x\"}",
            writer)
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("tagExpression"));
    grant(
            "{\"principal\":\"t\",\"permissions\":[\"READ\"],\"datasetId\":\"" + id + "\"}",
            TestJwts.bearer("mallory", "other-team", "admin"))
        .andExpect(status().isNotFound());
    mvc.perform(
            get("/api/v1/datasets/{id}/versions/1/access", id)
                .param("permission", "READ")
                .header("Authorization", viewer))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("principal"));

    assertThat(grants()).isZero();
  }

  @Test
  void deletingAGrantRevokesTheAccessItGave() throws Exception {
    String id = createDataset(null);
    upload(id, "ref,amount\n1,3.5\n").andExpect(status().isCreated());
    String created =
        grant(
                "{\"principal\":\"training-service\",\"permissions\":[\"READ\"],"
                    + "\"datasetId\":\""
                    + id
                    + "\"}",
                writer)
            .andExpect(status().isCreated())
            .andReturn()
            .getResponse()
            .getContentAsString();
    String grantId = json.readTree(created).get("id").asString();
    check(id, 1, "READ").andExpect(status().isOk());

    mvc.perform(delete("/api/v1/grants/{id}", grantId).header("Authorization", viewer))
        .andExpect(status().isForbidden());
    mvc.perform(
            delete("/api/v1/grants/{id}", grantId)
                .header("Authorization", TestJwts.bearer("olga", "other-team", "data-engineer")))
        .andExpect(status().isNotFound());
    check(id, 1, "READ").andExpect(status().isOk());

    mvc.perform(delete("/api/v1/grants/{id}", grantId).header("Authorization", writer))
        .andExpect(status().isNoContent());

    check(id, 1, "READ").andExpect(status().isForbidden());
    assertThat(grants()).isZero();
    mvc.perform(delete("/api/v1/grants/{id}", grantId).header("Authorization", writer))
        .andExpect(status().isNotFound());
  }
}
