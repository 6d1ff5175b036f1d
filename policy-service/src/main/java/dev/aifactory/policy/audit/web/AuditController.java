package dev.aifactory.policy.audit.web;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.PageRequest;
import dev.aifactory.policy.Paged;
import dev.aifactory.policy.audit.AuditChain;
import dev.aifactory.policy.audit.AuditEntry;
import dev.aifactory.policy.audit.AuditTrail;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@RestController
@RequestMapping("/api/v1/audit-events")
class AuditController {

  static final String JSON_LINES = "application/jsonl";

  private final AuditTrail audit;
  private final JsonMapper json;

  AuditController(AuditTrail audit, JsonMapper json) {
    this.audit = audit;
    this.json = json;
  }

  record AuditEvent(
      long seq,
      UUID id,
      Instant at,
      String actor,
      String action,
      String subject,
      String team,
      JsonNode details,
      String prevHash,
      String hash) {}

  @GetMapping
  Paged<AuditEvent> list(
      Caller caller,
      @RequestParam(required = false) String subject,
      @RequestParam(required = false) String action,
      @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return audit.find(caller, subject, action, PageRequest.of(page, size)).map(this::view);
  }

  /** JSON Lines, one entry per line in sequence order: the caller's team's (admins: all). */
  @GetMapping("/export")
  void export(Caller caller, HttpServletResponse response) throws IOException {
    response.setContentType(JSON_LINES);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setHeader(
        HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-events.jsonl\"");
    Writer out = response.getWriter();
    audit.export(
        caller,
        e -> {
          try {
            out.write(json.writeValueAsString(view(e)));
            out.write('\n');
          } catch (IOException failed) {
            throw new UncheckedIOException(failed);
          }
        });
    out.flush();
  }

  @GetMapping("/verify")
  AuditChain.Verification verify() {
    return audit.verify();
  }

  private AuditEvent view(AuditEntry e) {
    return new AuditEvent(
        e.seq(),
        e.id(),
        e.at(),
        e.actor(),
        e.action(),
        e.subject(),
        e.team(),
        json.readTree(e.details()),
        e.prevHash(),
        e.hash());
  }
}
