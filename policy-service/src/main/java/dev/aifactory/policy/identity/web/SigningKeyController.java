package dev.aifactory.policy.identity.web;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.policy.identity.SigningKey;
import dev.aifactory.policy.identity.SigningKeyManagement;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Admin view and rotation of the token signing keys; key material is never shown. */
@RestController
class SigningKeyController {

  private final SigningKeyManagement keys;

  SigningKeyController(SigningKeyManagement keys) {
    this.keys = keys;
  }

  record KeyView(String kid, boolean active, Instant createdAt, Instant retireAfter) {}

  @GetMapping("/api/v1/signing-keys")
  List<KeyView> list(Caller caller) {
    if (!caller.hasRole(Caller.ADMIN)) {
      throw ApiException.forbidden("Only admins may list signing keys");
    }
    keys.refresh();
    String active = keys.active().kid();
    return keys.published().stream()
        .map(k -> new KeyView(k.kid(), k.kid().equals(active), k.createdAt(), k.retireAfter()))
        .toList();
  }

  @PostMapping("/api/v1/signing-keys/rotate")
  @ResponseStatus(HttpStatus.CREATED)
  KeyView rotate(Caller caller) {
    SigningKey next = keys.rotate(caller);
    return keys.published().stream()
        .filter(k -> k.kid().equals(next.kid()))
        .findFirst()
        .map(k -> new KeyView(k.kid(), true, k.createdAt(), null))
        .orElseThrow();
  }
}
