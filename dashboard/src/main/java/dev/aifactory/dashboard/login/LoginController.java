package dev.aifactory.dashboard.login;

import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The sign-in page: "Sign in" sends a person to policy-service's login (through {@code
 * /login/user}), the client-id/secret form signs a service account in. Spring Security handles the
 * form's POST, the OAuth2 redirect and callback, and the logout.
 */
@Controller
class LoginController {

  private final PolicyClientRegistrations registrations;

  LoginController(PolicyClientRegistrations registrations) {
    this.registrations = registrations;
  }

  @GetMapping("/login")
  String login(
      @RequestParam(required = false) String error,
      @RequestParam(required = false) String logout,
      @RequestParam(required = false) String expired,
      HttpSession session,
      Model model) {
    if (error != null) {
      Object failure = session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
      model.addAttribute("error", describe(failure));
    }
    if (logout != null) {
      model.addAttribute("info", "You are signed out.");
    }
    if (expired != null) {
      model.addAttribute("info", "Your session's access token expired. Sign in again.");
    }
    return "login";
  }

  /**
   * Checks the identity provider can be used before sending the browser there, so an unreachable
   * policy-service reads as a sentence on this page instead of an error page.
   */
  @GetMapping("/login/user")
  String user(Model model) {
    try {
      registrations.registration();
    } catch (PolicyClientRegistrations.IdentityProviderUnavailable e) {
      model.addAttribute("error", e.getMessage());
      return "login";
    }
    return "redirect:/oauth2/authorization/" + PolicyClientRegistrations.REGISTRATION_ID;
  }

  private static String describe(Object failure) {
    if (failure instanceof OAuth2AuthenticationException e) {
      String said =
          e.getError().getDescription() != null && !e.getError().getDescription().isBlank()
              ? e.getError().getDescription()
              : e.getError().getErrorCode();
      return "Sign-in at the identity provider failed: " + said;
    }
    if (failure instanceof AuthenticationException e && e.getMessage() != null) {
      return e.getMessage();
    }
    return "Sign-in failed. Check the client id and secret.";
  }
}
