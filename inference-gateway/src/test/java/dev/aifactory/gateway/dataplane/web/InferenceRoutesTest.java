package dev.aifactory.gateway.dataplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InferenceRoutesTest {

  @Test
  void matchesTheSageMakerInvocationsRoute() {
    assertThat(InferenceRoutes.match("/endpoints/churn-prod/invocations"))
        .isEqualTo(new InferenceRoutes.Route(InferenceRoutes.INVOCATIONS, "churn-prod", null));
  }

  @Test
  void matchesTheOipInferRoutesWithAndWithoutAVersion() {
    assertThat(InferenceRoutes.match("/v2/models/churn/infer"))
        .isEqualTo(new InferenceRoutes.Route(InferenceRoutes.INFER, "churn", null));
    assertThat(InferenceRoutes.match("/v2/models/churn/versions/12/infer"))
        .isEqualTo(new InferenceRoutes.Route(InferenceRoutes.INFER_VERSION, "churn", "12"));
    // Not a number is still this route: the handler answers 400 naming the version.
    assertThat(InferenceRoutes.match("/v2/models/churn/versions/latest/infer"))
        .isEqualTo(new InferenceRoutes.Route(InferenceRoutes.INFER_VERSION, "churn", "latest"));
  }

  @Test
  void leavesEveryOtherPathToSpringMvc() {
    for (String path :
        new String[] {
          "/endpoints",
          "/endpoints/",
          "/endpoints//invocations",
          "/endpoints/churn/invocations/",
          "/endpoints/churn/invocationsx",
          "/endpoints/churn/invocation",
          "/endpoints/a/b/invocations",
          "/api/v1/endpoints/churn/invocations",
          "/v2",
          "/v2/models/churn",
          "/v2/models/churn/ready",
          "/v2/models/churn/versions/1",
          "/v2/models/churn/versions/1/ready",
          "/v2/models//infer",
          "/v2/models/churn/infer/",
          "/v2/models/churn/versions//infer",
          "/v2/models/churn/versions/1/2/infer",
          "/v2/models/churn/versions/infer",
          "/v2/models/churn/other/1/infer",
          "/v2/health/ready"
        }) {
      assertThat(InferenceRoutes.match(path)).as(path).isNull();
    }
  }
}
