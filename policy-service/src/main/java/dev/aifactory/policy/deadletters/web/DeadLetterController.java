package dev.aifactory.policy.deadletters.web;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.common.web.PageRequest;
import dev.aifactory.policy.Paged;
import dev.aifactory.policy.deadletters.DeadLetter;
import dev.aifactory.policy.deadletters.DeadLetterManagement;
import java.time.Instant;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class DeadLetterController {

  private final DeadLetterManagement letters;

  DeadLetterController(DeadLetterManagement letters) {
    this.letters = letters;
  }

  record DeadLetterView(
      UUID id,
      String topic,
      Integer partition,
      Long offset,
      String eventId,
      String eventType,
      String team,
      String consumerGroup,
      String error,
      String payload,
      Instant recordedAt,
      Instant replayedAt,
      String replayedBy) {

    static DeadLetterView of(DeadLetter d) {
      return new DeadLetterView(
          d.id(),
          d.topic(),
          d.partition(),
          d.offset(),
          d.eventId(),
          d.eventType(),
          d.team(),
          d.consumerGroup(),
          d.error(),
          d.payload(),
          d.recordedAt(),
          d.replayedAt(),
          d.replayedBy());
    }
  }

  /** The caller's team's dead letters, newest first; admins see every team's. */
  @GetMapping("/api/v1/dead-letters")
  Paged<DeadLetterView> list(
      Caller caller,
      @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return letters.list(caller, PageRequest.of(page, size)).map(DeadLetterView::of);
  }

  @PostMapping("/api/v1/dead-letters/{id}/replay")
  DeadLetterView replay(@PathVariable String id, Caller caller) {
    return DeadLetterView.of(letters.replay(uuid(id), caller));
  }

  private static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("id", "id must be a UUID");
    }
  }
}
