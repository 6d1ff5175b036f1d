package dev.aifactory.ingestion.grants.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lakeformation.LakeFormationClient;

/**
 * The requests the adapter sends when a dataset's tags change, read off a WireMock server speaking
 * Lake Formation's REST-JSON protocol (POST /&lt;Operation&gt;). The emulator cannot show this: its
 * AddLFTagsToResource replaces the whole tag set, where AWS merges per key, so only the requests
 * prove that a stale tag is removed.
 */
class LakeFormationStaleTagsIT {

  static final String JSON = "application/x-amz-json-1.1";

  WireMockServer wiremock;
  LakeFormationClient lf;
  LakeFormationDataAccessGrants grants;

  @BeforeEach
  void start() {
    wiremock = new WireMockServer(wireMockConfig().dynamicPort());
    wiremock.start();
    // Every tag exists with both values; everything else succeeds with an empty answer.
    wiremock.stubFor(post(anyUrl()).willReturn(json("{}")));
    wiremock.stubFor(
        post(urlEqualTo("/GetLFTag"))
            .willReturn(json("{\"TagKey\":\"any\",\"TagValues\":[\"true\",\"false\"]}")));
    lf =
        LakeFormationDataAccessGrants.client(
            LakeFormationClient.builder()
                .endpointOverride(URI.create(wiremock.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s"))));
    grants = new LakeFormationDataAccessGrants(lf, "aifactory_");
  }

  @AfterEach
  void stop() {
    lf.close();
    wiremock.stop();
  }

  static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", JSON).withBody(body);
  }

  void tableCarries(String... keys) {
    StringBuilder tags = new StringBuilder();
    for (String key : keys) {
      if (!tags.isEmpty()) {
        tags.append(',');
      }
      tags.append("{\"TagKey\":\"").append(key).append("\",\"TagValues\":[\"true\"]}");
    }
    wiremock.stubFor(
        post(urlEqualTo("/GetResourceLFTags"))
            .willReturn(json("{\"LFTagsOnTable\":[" + tags + "]}")));
  }

  List<LoggedRequest> requests(String operation) {
    return wiremock.findAll(postRequestedFor(urlEqualTo("/" + operation)));
  }

  @Test
  void removesTheTagsANewVersionNoLongerCarriesBeforeAddingItsOwn() {
    tableCarries("domain:growth", "pii", "pii:email", "confidential");

    grants.label(LakeFormationDataAccessGrantsIT.entry("contacts", 2, List.of("domain:growth")));

    List<LoggedRequest> removed = requests("RemoveLFTagsFromResource");
    assertThat(removed).hasSize(1);
    String body = removed.get(0).getBodyAsString();
    assertThat(body).contains("\"pii:email\"").contains("\"contacts\"");
    // pii and confidential stay on the table, now with the value false; domain:growth stays true
    assertThat(body).doesNotContain("\"domain:growth\"").doesNotContain("\"TagKey\":\"pii\"");
    assertThat(requests("AddLFTagsToResource")).hasSize(1);
    assertThat(requests("AddLFTagsToResource").get(0).getBodyAsString())
        .contains("\"domain:growth\"")
        .doesNotContain("pii:email");
    wiremock.verify(
        postRequestedFor(urlEqualTo("/AddLFTagsToResource"))
            .withRequestBody(containing("\"TagKey\":\"pii\"")));
    assertThat(removed.get(0).getLoggedDate())
        .isBeforeOrEqualTo(requests("AddLFTagsToResource").get(0).getLoggedDate());
  }

  @Test
  void sendsNoRemovalWhenTheTableCarriesNothingStale() {
    tableCarries("domain:growth", "pii", "confidential");

    grants.label(LakeFormationDataAccessGrantsIT.entry("contacts", 2, List.of("domain:growth")));

    assertThat(requests("RemoveLFTagsFromResource")).isEmpty();
    assertThat(requests("AddLFTagsToResource")).hasSize(1);
  }

  @Test
  void doesNotReadTheTagsOfAFirstVersionsTable() {
    grants.label(LakeFormationDataAccessGrantsIT.entry("contacts", 1, List.of("pii")));

    assertThat(requests("GetResourceLFTags")).isEmpty();
    assertThat(requests("RemoveLFTagsFromResource")).isEmpty();
    assertThat(requests("AddLFTagsToResource")).hasSize(1);
  }
}
