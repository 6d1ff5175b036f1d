package dev.aifactory.policy.identity.web;

import dev.aifactory.common.security.Caller;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class WhoamiController {

  record Whoami(String subject, String team, List<String> roles) {}

  @GetMapping("/api/v1/whoami")
  Whoami whoami(Caller caller) {
    return new Whoami(caller.subject(), caller.team(), caller.roles().stream().sorted().toList());
  }
}
