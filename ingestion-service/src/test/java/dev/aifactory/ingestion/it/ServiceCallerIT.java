package dev.aifactory.ingestion.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.testing.TestJwts;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** A platform service (role service) acting for a team reads that team's data and changes none. */
@SpringBootTest
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 1)
class ServiceCallerIT extends IngestionTestSupport {

  final String service = TestJwts.bearer("training-service", "platform", "service");

  private MockHttpServletRequestBuilder asService(
      MockHttpServletRequestBuilder request, String forTeam) {
    request.header("Authorization", service);
    return forTeam == null ? request : request.header(Caller.ON_BEHALF_OF_HEADER, forTeam);
  }

  @Test
  void aServiceActingForTheTeamChecksGrantsAndReadsVersions() throws Exception {
    String id = createDataset(null);
    upload(id, "ref,amount\n1,3.5\n").andExpect(status().isCreated());

    mvc.perform(
            asService(get("/api/v1/datasets/{id}/versions/1/access", id), team)
                .param("principal", "team:" + team)
                .param("permission", "READ"))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.detail").value(containsString("missing grant READ on dataset")));
    mvc.perform(
            post("/api/v1/grants")
                .header("Authorization", writer)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    "{\"principal\":\"team:"
                        + team
                        + "\",\"permissions\":[\"READ\"],\"datasetId\":\""
                        + id
                        + "\"}"))
        .andExpect(status().isCreated());
    mvc.perform(
            asService(get("/api/v1/datasets/{id}/versions/1/access", id), team)
                .param("principal", "team:" + team)
                .param("permission", "READ"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.grantedBy.principal").value("team:" + team));

    mvc.perform(asService(get("/api/v1/datasets/{id}", id), team))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.id").value(id));
    mvc.perform(asService(get("/api/v1/datasets/{id}/versions/1", id), team))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.rowCount").value(1));
    mvc.perform(asService(get("/api/v1/datasets/{id}/versions", id), team))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.total").value(1));
    mvc.perform(asService(get("/api/v1/grants"), team))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.total").value(1));
  }

  @Test
  void aServiceMustNameTheTeamAndSeesNoOtherTeamsDatasets() throws Exception {
    String id = createDataset(null);
    upload(id, "ref,amount\n1,3.5\n").andExpect(status().isCreated());

    mvc.perform(
            asService(get("/api/v1/datasets/{id}/versions/1/access", id), null)
                .param("principal", "x"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value(Caller.ON_BEHALF_OF_HEADER));
    mvc.perform(
            asService(get("/api/v1/datasets/{id}/versions/1/access", id), "another-team")
                .param("principal", "x"))
        .andExpect(status().isNotFound());
    mvc.perform(asService(get("/api/v1/datasets/{id}", id), "another-team"))
        .andExpect(status().isNotFound());
  }

  @Test
  void noMutatingRouteAcceptsAServiceCaller() throws Exception {
    String id = createDataset(null);
    upload(id, "ref,amount\n1,3.5\n").andExpect(status().isCreated());
    long grantsBefore = countGrants();

    mvc.perform(
            asService(post("/api/v1/datasets"), team)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"" + unique("svc") + "\"}"))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.detail").value(containsString("Service callers may only read")));
    upload(id, "ref,amount\n2,4.5\n".getBytes(StandardCharsets.UTF_8), service)
        .andExpect(status().isBadRequest()); // no on-behalf-of header at all
    mvc.perform(
            multipart("/api/v1/datasets/{id}/versions", id)
                .file(
                    new MockMultipartFile(
                        "file",
                        "d.csv",
                        "text/csv",
                        "ref,amount\n2,4.5\n".getBytes(StandardCharsets.UTF_8)))
                .header("Authorization", service)
                .header(Caller.ON_BEHALF_OF_HEADER, team))
        .andExpect(status().isForbidden());
    mvc.perform(
            asService(post("/api/v1/datasets/{id}/versions", id), team)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"path\":\"/tmp/x.csv\"}"))
        .andExpect(status().isForbidden());
    mvc.perform(
            asService(put("/api/v1/datasets/{id}/quality-rules", id), team)
                .contentType(MediaType.TEXT_PLAIN)
                .content("RowCount > 0"))
        .andExpect(status().isForbidden());
    mvc.perform(
            asService(put("/api/v1/datasets/{id}/classification/ref", id), team)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"tags\":[\"pii\"],\"reason\":\"because\"}"))
        .andExpect(status().isForbidden());
    mvc.perform(
            asService(post("/api/v1/grants"), team)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    "{\"principal\":\"x\",\"permissions\":[\"READ\"],\"datasetId\":\""
                        + id
                        + "\"}"))
        .andExpect(status().isForbidden());

    mvc.perform(
            asService(
                org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete(
                    "/api/v1/grants/{grant}", java.util.UUID.randomUUID()),
                team))
        .andExpect(status().isForbidden());

    assertThat(versions(id)).isEqualTo(1);
    assertThat(countGrants()).isEqualTo(grantsBefore);
    assertThat(
            jdbc.sql("select count(*) from quality_rulesets where dataset_id = cast(:id as uuid)")
                .param("id", id)
                .query(Long.class)
                .single())
        .isZero();
    assertThat(
            jdbc.sql(
                    "select count(*) from classification_overrides"
                        + " where dataset_id = cast(:id as uuid)")
                .param("id", id)
                .query(Long.class)
                .single())
        .isZero();
  }

  private long countGrants() {
    return jdbc.sql("select count(*) from access_grants where team = :team")
        .param("team", team)
        .query(Long.class)
        .single();
  }
}
