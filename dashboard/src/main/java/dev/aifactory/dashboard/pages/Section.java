package dev.aifactory.dashboard.pages;

import dev.aifactory.dashboard.services.ApiFailure;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One part of a page: what a service answered, or why it could not, in words. A failing service
 * spoils only its own part of the page. {@code unavailable} marks a part whose route the service
 * does not offer (yet): the page shows that as a quiet note rather than as an error.
 */
public record Section<T>(T value, String error, boolean unavailable) {

  private static final Logger log = LoggerFactory.getLogger(Section.class);

  public Section(T value, String error) {
    this(value, error, false);
  }

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

  /**
   * A part of a page built on a route the service may not offer yet (other services grow their APIs
   * independently of the dashboard): a 404 reads "… is not available yet" instead of an error.
   */
  static <T> Section<T> optional(String what, Supplier<T> call) {
    try {
      return new Section<>(call.get(), null);
    } catch (ApiFailure e) {
      if (e.notFound()) {
        return new Section<>(
            null,
            what
                + " is not available yet: the service does not offer it here ("
                + e.getMessage()
                + ").",
            true);
      }
      return new Section<>(null, e.getMessage());
    } catch (RuntimeException e) {
      return of(
          () -> {
            throw e;
          });
    }
  }

  public boolean ok() {
    return error == null;
  }
}
