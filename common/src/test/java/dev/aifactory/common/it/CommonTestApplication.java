package dev.aifactory.common.it;

import dev.aifactory.common.events.DomainEvent;
import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A minimal service that uses the common kit the way the real services do. */
@SpringBootApplication
public class CommonTestApplication {

  record Thing(@NotBlank String name) {}

  record ThingHappened(String team, String id) implements DomainEvent {
    @Override
    public String eventType() {
      return "thing.happened";
    }

    @Override
    public String topic() {
      return "aifactory.datasets";
    }

    @Override
    public String key() {
      return id;
    }
  }

  @RestController
  static class Things {
    @PostMapping("/api/v1/things")
    Map<String, String> create(@Valid @RequestBody Thing thing, Caller caller) {
      return Map.of(
          "name", thing.name(), "team", caller.team(), "roles", String.join(",", caller.roles()));
    }

    @GetMapping("/api/v1/things/{id}")
    Map<String, String> get(@PathVariable String id) {
      if (id.equals("busy")) {
        throw ApiException.tooManyRequests("Over quota; retry later", 7);
      }
      throw ApiException.notFound("Thing", id);
    }
  }
}
