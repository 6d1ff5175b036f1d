package dev.aifactory.dashboard.pages;

import dev.aifactory.dashboard.services.ApiFailure;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One part of a page: what a service answered, or why it could not, in words. A failing service
 * spoils only its own part of the page.
 */
public record Section<T>(T value, String error) {

  private static final Logger log = LoggerFactory.getLogger(Section.class);

  static <T> Section<T> of(Supplier<T> call) {
    try {
      return new Section<>(call.get(), null);
    } catch (ApiFailure e) {
      return new Section<>(null, e.getMessage());
    } catch (RuntimeException e) {
      log.warn("dashboard section failed", e);
      return new Section<>(
          null, "This part could not be shown (" + e.getClass().getSimpleName() + ").");
    }
  }

  public boolean ok() {
    return error == null;
  }
}
