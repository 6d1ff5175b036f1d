package dev.aifactory.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aifactory.dashboard.login.DashboardUser;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The dashboard's own rules, with every service unreachable (port 1 refuses connections): sign-in,
 * CSRF, the role check on the champion action, and errors in words. Behaviour against the real
 * services is tested in a real browser by e2e-tests' {@code DashboardBrowserIT}.
 */
@SpringBootTest(
    properties = {
      "aifactory.dashboard.policy-url=http://127.0.0.1:1",
      "aifactory.dashboard.ingestion-url=http://127.0.0.1:1",
      "aifactory.dashboard.training-url=http://127.0.0.1:1",
      "aifactory.dashboard.gateway-url=http://127.0.0.1:1",
      "aifactory.dashboard.monitoring-url=http://127.0.0.1:1"
    })
@AutoConfigureMockMvc
class DashboardWebTest {

  @Autowired MockMvc mvc;

  @Test
  void sendsAnonymousVisitorsToTheSignInForm() throws Exception {
    mvc.perform(get("/models"))
        .andExpect(status().is3xxRedirection())
        .andExpect(redirectedUrl("/login"));
  }

  @Test
  void signInFormCarriesACsrfToken() throws Exception {
    mvc.perform(get("/login"))
        .andExpect(status().isOk())
        .andExpect(content().string(org.hamcrest.Matchers.containsString("name=\"_csrf\"")));
  }

  @Test
  void saysInWordsWhenTheIdentityProviderCannotBeReached() throws Exception {
    MockHttpSession session = new MockHttpSession();
    mvc.perform(
            post("/login")
                .session(session)
                .param("clientId", "demo-ml")
                .param("clientSecret", "demo-ml-secret")
                .with(csrf()))
        .andExpect(redirectedUrl("/login?error"));

    String page =
        mvc.perform(get("/login").param("error", "").session(session))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(page).contains("could not be reached").doesNotContain("Exception");
  }

  @Test
  void aPersonsSignInSaysInWordsWhenPolicyCannotBeReached() throws Exception {
    String page =
        mvc.perform(get("/login/user"))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(page)
        .contains("policy-service at http://127.0.0.1:1")
        .contains("could not be reached")
        .contains("id=\"clientId\"")
        .doesNotContain("Exception");
  }

  @Test
  void refusesASignInPostWithoutTheCsrfToken() throws Exception {
    mvc.perform(post("/login").param("clientId", "demo-ml").param("clientSecret", "x"))
        .andExpect(status().isForbidden());
  }

  @Test
  void refusesAForgedChampionPostWithoutTheCsrfToken() throws Exception {
    mvc.perform(
            post("/models/churn/champion")
                .param("version", "1")
                .with(authentication(as("approver"))))
        .andExpect(status().isForbidden());
  }

  @Test
  void refusesTheChampionActionToAViewerEvenWithAValidCsrfToken() throws Exception {
    MvcResult result =
        mvc.perform(
                post("/models/churn/champion")
                    .param("version", "1")
                    .with(csrf())
                    .with(authentication(as("viewer"))))
            .andExpect(status().isForbidden())
            .andReturn();
    // refused here: training-service (unreachable) was never asked, so no flash message exists
    assertThat(result.getFlashMap() == null || result.getFlashMap().isEmpty()).isTrue();
  }

  @Test
  void anApproversChampionRequestReachesTrainingAndItsFailureIsShownInWords() throws Exception {
    mvc.perform(
            post("/models/churn/champion")
                .param("version", "1")
                .with(csrf())
                .with(authentication(as("approver"))))
        .andExpect(redirectedUrl("/models/churn"))
        .andExpect(
            flash()
                .attribute(
                    "error",
                    org.hamcrest.Matchers.containsString(
                        "training-service at http://127.0.0.1:1 could not be reached")));
  }

  @Test
  void overviewShowsEachUnreachableServiceInWordsInsteadOfFailing() throws Exception {
    String page =
        mvc.perform(get("/").with(authentication(as("viewer"))))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(page)
        .contains("training-service at http://127.0.0.1:1 could not be reached")
        .contains("inference-gateway at http://127.0.0.1:1 could not be reached")
        .contains("monitoring-service at http://127.0.0.1:1 could not be reached")
        .contains("policy-service at http://127.0.0.1:1 could not be reached")
        .doesNotContain("at org.springframework");
  }

  @Test
  void viewersDoNotSeeTheMakeChampionButtonAnywhereInTheLayout() throws Exception {
    String page =
        mvc.perform(get("/models").with(authentication(as("viewer"))))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(page).doesNotContain("make-champion").contains("Signed in as");
  }

  @Test
  void aModelGroupThatCannotBeFetchedRendersAProblemPage() throws Exception {
    String page =
        mvc.perform(get("/models/churn").with(authentication(as("viewer"))))
            .andExpect(status().isBadGateway())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(page).contains("could not be reached");
  }

  @Test
  void anExpiredSessionIsSentToSignInAgain() throws Exception {
    DashboardUser expired =
        new DashboardUser("u", "demo", List.of("viewer"), "t", Instant.now().minusSeconds(1));
    mvc.perform(
            get("/models")
                .with(
                    authentication(
                        UsernamePasswordAuthenticationToken.authenticated(
                            expired, null, List.of(new SimpleGrantedAuthority("ROLE_viewer"))))))
        .andExpect(redirectedUrl("/login?expired"));
  }

  @Test
  void refusesAForgedApprovalPostWithoutTheCsrfToken() throws Exception {
    mvc.perform(
            post("/approvals/3f2a1c1e-0000-4000-8000-000000000001/approve")
                .param("comment", "ok")
                .with(authentication(as("approver"))))
        .andExpect(status().isForbidden());
  }

  @Test
  void refusesApproveAndRejectToAViewerEvenWithAValidCsrfToken() throws Exception {
    for (String action : List.of("approve", "reject")) {
      MvcResult result =
          mvc.perform(
                  post("/approvals/3f2a1c1e-0000-4000-8000-000000000001/" + action)
                      .param("comment", "forged")
                      .with(csrf())
                      .with(authentication(as("viewer"))))
              .andExpect(status().isForbidden())
              .andReturn();
      // refused here: policy-service (unreachable) was never asked, so no flash message exists
      assertThat(result.getFlashMap() == null || result.getFlashMap().isEmpty()).isTrue();
    }
  }

  @Test
  void anApproversVoteReachesPolicyAndItsFailureIsShownInWords() throws Exception {
    mvc.perform(
            post("/approvals/3f2a1c1e-0000-4000-8000-000000000001/approve")
                .param("comment", "looks good")
                .with(csrf())
                .with(authentication(as("approver"))))
        .andExpect(redirectedUrl("/approvals"))
        .andExpect(
            flash()
                .attribute(
                    "error",
                    org.hamcrest.Matchers.containsString(
                        "policy-service at http://127.0.0.1:1 could not be reached")));
  }

  @Test
  void theApprovalsPageSaysInWordsThatPolicyCannotBeReached() throws Exception {
    String page =
        mvc.perform(get("/approvals").with(authentication(as("viewer"))))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(page)
        .contains("policy-service at http://127.0.0.1:1 could not be reached")
        .contains("needs the approver or admin role")
        .doesNotContain("at org.springframework");
  }

  @Test
  void healthIsPublic() throws Exception {
    mvc.perform(get("/actuator/health")).andExpect(status().isOk());
  }

  private static Authentication as(String role) {
    DashboardUser user =
        new DashboardUser(
            "someone", "demo", List.of(role), "token", Instant.now().plusSeconds(600));
    return UsernamePasswordAuthenticationToken.authenticated(
        user, null, List.of(new SimpleGrantedAuthority("ROLE_" + role)));
  }
}
