package dev.aifactory.ingestion.grants.web;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.common.web.PageRequest;
import dev.aifactory.ingestion.dataset.Page;
import dev.aifactory.ingestion.grants.AccessDecision;
import dev.aifactory.ingestion.grants.Grant;
import dev.aifactory.ingestion.grants.GrantManagement;
import dev.aifactory.ingestion.grants.Permission;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Data access grants of the caller's team and the access check data readers call. */
@RestController
class GrantController {

  private final GrantManagement grants;

  GrantController(GrantManagement grants) {
    this.grants = grants;
  }

  record CreateGrant(
      String principal, List<String> permissions, UUID datasetId, String tagExpression) {}

  record GrantView(
      UUID id,
      String principal,
      Set<Permission> permissions,
      String datasetName,
      String tagExpression,
      String createdBy,
      Instant createdAt) {

    static GrantView of(Grant g) {
      return new GrantView(
          g.id(),
          g.principal(),
          g.permissions(),
          g.datasetName(),
          g.expression() == null ? null : g.expression().toString(),
          g.createdBy(),
          g.createdAt());
    }
  }

  record PageView<T>(List<T> items, int page, int size, long total) {}

  @PostMapping(path = "/api/v1/grants", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<GrantView> create(@RequestBody CreateGrant body, Caller caller) {
    Set<Permission> permissions =
        body.permissions() == null ? Set.of() : parsePermissions(body.permissions());
    GrantView view =
        GrantView.of(
            grants.create(
                caller,
                new GrantManagement.NewGrant(
                    body.principal(), permissions, body.datasetId(), body.tagExpression())));
    return ResponseEntity.created(URI.create("/api/v1/grants/" + view.id())).body(view);
  }

  @DeleteMapping("/api/v1/grants/{id}")
  ResponseEntity<Void> delete(@PathVariable UUID id, Caller caller) {
    grants.delete(caller, id);
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/api/v1/grants")
  PageView<GrantView> list(
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "20") int size,
      Caller caller) {
    PageRequest.check(page, size);
    Page<Grant> result = grants.list(caller, page, size);
    return new PageView<>(
        result.items().stream().map(GrantView::of).toList(),
        result.page(),
        result.size(),
        result.total());
  }

  @GetMapping("/api/v1/datasets/{id}/versions/{version}/access")
  AccessDecision check(
      @PathVariable UUID id,
      @PathVariable int version,
      @RequestParam(required = false) String principal,
      @RequestParam(defaultValue = "READ") String permission,
      Caller caller) {
    return grants.check(caller, id, version, principal, parsePermission("permission", permission));
  }

  private static Set<Permission> parsePermissions(List<String> names) {
    return names.stream()
        .map(n -> parsePermission("permissions", n))
        .collect(java.util.stream.Collectors.toSet());
  }

  private static Permission parsePermission(String field, String name) {
    try {
      return Permission.valueOf(name);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw ApiException.badRequest(
          field, "'" + name + "' is not a permission; use READ or DESCRIBE");
    }
  }
}
