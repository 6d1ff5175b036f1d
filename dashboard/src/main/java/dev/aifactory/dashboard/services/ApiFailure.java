package dev.aifactory.dashboard.services;

/**
 * A service call that did not give an answer the page can use, described in words for the user:
 * which service, what it said (the problem document's detail and field errors), never a stack
 * trace. {@code status} is the HTTP status, or 0 when the service could not be reached.
 */
public class ApiFailure extends RuntimeException {

  private final String service;
  private final int status;

  public ApiFailure(String service, int status, String message) {
    super(message);
    this.service = service;
    this.status = status;
  }

  public String service() {
    return service;
  }

  public int status() {
    return status;
  }

  public boolean unauthorized() {
    return status == 401;
  }
}
