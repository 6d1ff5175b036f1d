package dev.aifactory.dashboard.login;

import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The sign-in form; Spring Security handles its POST and the logout. */
@Controller
class LoginController {

  @GetMapping("/login")
  String login(
      @RequestParam(required = false) String error,
      @RequestParam(required = false) String logout,
      @RequestParam(required = false) String expired,
      HttpSession session,
      Model model) {
    if (error != null) {
      Object failure = session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
      model.addAttribute(
          "error",
          failure instanceof AuthenticationException e && e.getMessage() != null
              ? e.getMessage()
              : "Sign-in failed. Check the client id and secret.");
    }
    if (logout != null) {
      model.addAttribute("info", "You are signed out.");
    }
    if (expired != null) {
      model.addAttribute("info", "Your session's access token expired. Sign in again.");
    }
    return "login";
  }
}
