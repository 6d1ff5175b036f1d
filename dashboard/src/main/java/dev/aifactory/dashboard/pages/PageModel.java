package dev.aifactory.dashboard.pages;

import dev.aifactory.dashboard.login.DashboardUser;
import dev.aifactory.dashboard.services.ApiFailure;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page shows (who is signed in) and how a failed page reads. */
@ControllerAdvice(basePackageClasses = PageModel.class)
class PageModel {

  @ModelAttribute("user")
  DashboardUser user(@AuthenticationPrincipal DashboardUser user) {
    return user;
  }

  /** A page whose main object could not be fetched: the service's answer in words. */
  @ExceptionHandler(ApiFailure.class)
  String failed(
      ApiFailure failure,
      Model model,
      jakarta.servlet.http.HttpServletResponse response,
      @AuthenticationPrincipal DashboardUser user) {
    HttpStatus status =
        failure.status() == 404
            ? HttpStatus.NOT_FOUND
            : failure.status() == 403 ? HttpStatus.FORBIDDEN : HttpStatus.BAD_GATEWAY;
    response.setStatus(status.value());
    model.addAttribute("user", user);
    model.addAttribute("status", status.value());
    model.addAttribute("message", failure.getMessage());
    return "problem";
  }
}
