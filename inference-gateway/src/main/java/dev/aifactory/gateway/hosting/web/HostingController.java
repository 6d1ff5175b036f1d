package dev.aifactory.gateway.hosting.web;

import dev.aifactory.common.security.Caller;
import dev.aifactory.gateway.hosting.Hosting;
import dev.aifactory.gateway.hosting.HostingManagement;
import dev.aifactory.gateway.hosting.HostingManagement.HostingPage;
import dev.aifactory.gateway.hosting.HostingManagement.Submission;
import dev.aifactory.gateway.hosting.HostingRequest;
import dev.aifactory.gateway.hosting.HostingVariant;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Control plane: SageMaker hostings of an endpoint. A POST answers 202 at once; the hosting's
 * status says how far the worker got.
 */
@RestController
@RequestMapping("/api/v1/endpoints/{name}/sagemaker-hostings")
class HostingController {

  private final HostingManagement management;

  HostingController(HostingManagement management) {
    this.management = management;
  }

  record HostingView(
      String id,
      String endpoint,
      String status,
      String sageMakerEndpoint,
      String sageMakerStatus,
      String configName,
      String endpointArn,
      String failureReason,
      boolean route,
      List<HostingVariant> variants,
      String requestedBy,
      Instant createdAt,
      Instant startedAt,
      Instant updatedAt) {

    static HostingView of(Hosting h) {
      return new HostingView(
          h.id(),
          h.endpoint(),
          h.status().name(),
          h.sageMakerEndpoint(),
          h.sageMakerStatus(),
          h.configName(),
          h.endpointArn(),
          h.failureReason(),
          h.route(),
          h.variants(),
          h.requestedBy(),
          h.createdAt(),
          h.startedAt(),
          h.updatedAt());
    }
  }

  record PageView(List<HostingView> items, int page, int size, long total) {}

  /**
   * 202 with the new hosting; a repeated {@code Idempotency-Key} answers 200 with the hosting the
   * key created first.
   */
  @PostMapping
  ResponseEntity<HostingView> request(
      @PathVariable String name,
      @RequestBody(required = false) HostingRequest body,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
      Caller caller) {
    Submission submission = management.request(caller, name, body, idempotencyKey);
    Hosting h = submission.hosting();
    return ResponseEntity.status(submission.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
        .location(URI.create("/api/v1/endpoints/" + h.endpoint() + "/sagemaker-hostings/" + h.id()))
        .body(HostingView.of(h));
  }

  @GetMapping
  PageView list(
      @PathVariable String name,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "20") int size,
      Caller caller) {
    HostingPage found = management.list(caller, name, page, size);
    return new PageView(
        found.items().stream().map(HostingView::of).toList(),
        found.page(),
        found.size(),
        found.total());
  }

  /** 202: the worker deletes the SageMaker endpoint, its configuration and models. */
  @DeleteMapping("/{id}")
  ResponseEntity<HostingView> delete(
      @PathVariable String name, @PathVariable String id, Caller caller) {
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(HostingView.of(management.delete(caller, name, id)));
  }

  @GetMapping("/{id}")
  HostingView get(@PathVariable String name, @PathVariable String id, Caller caller) {
    return HostingView.of(management.get(caller, name, id));
  }
}
