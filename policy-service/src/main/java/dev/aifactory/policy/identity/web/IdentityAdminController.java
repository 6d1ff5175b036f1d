package dev.aifactory.policy.identity.web;

import dev.aifactory.common.security.Caller;
import dev.aifactory.policy.identity.IdentityAdministration;
import dev.aifactory.policy.identity.IdentityAdministration.Revealed;
import dev.aifactory.policy.identity.ManagedClient;
import dev.aifactory.policy.identity.Teams;
import dev.aifactory.policy.identity.User;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin API of the identity provider. Views never carry password or secret hashes; a generated
 * client secret appears in exactly one response ({@code secret}).
 */
@RestController
@RequestMapping("/api/v1")
class IdentityAdminController {

  private final IdentityAdministration admin;

  IdentityAdminController(IdentityAdministration admin) {
    this.admin = admin;
  }

  record TeamRequest(String name, String description) {}

  record UserRequest(
      String username, String password, String team, List<String> roles, Boolean enabled) {}

  record ClientRequest(String clientId, String team, List<String> roles, Boolean enabled) {}

  record TeamView(String name, String description, String createdBy, Instant createdAt) {
    static TeamView of(Teams.Team t) {
      return new TeamView(t.name(), t.description(), t.createdBy(), t.createdAt());
    }
  }

  record UserView(String username, String team, List<String> roles, boolean enabled) {
    static UserView of(User u) {
      return new UserView(u.username(), u.team(), u.roles(), u.enabled());
    }
  }

  record ClientView(
      String clientId,
      String team,
      List<String> roles,
      boolean enabled,
      boolean configured,
      Instant createdAt,
      Instant secretRotatedAt,
      Instant previousSecretValidUntil,
      String secret) {

    static ClientView of(ManagedClient c) {
      return of(c, null);
    }

    static ClientView of(ManagedClient c, String secret) {
      return new ClientView(
          c.clientId(),
          c.team(),
          c.roles(),
          c.enabled(),
          c.configured(),
          c.createdAt(),
          c.secretRotatedAt(),
          c.previousValidUntil(),
          secret);
    }

    static ClientView of(Revealed r) {
      return of(r.client(), r.secret());
    }
  }

  @GetMapping("/teams")
  List<TeamView> teams(Caller caller) {
    return admin.teams(caller).stream().map(TeamView::of).toList();
  }

  @PostMapping("/teams")
  ResponseEntity<TeamView> createTeam(@RequestBody TeamRequest r, Caller caller) {
    TeamView team = TeamView.of(admin.createTeam(r.name(), r.description(), caller));
    return ResponseEntity.created(URI.create("/api/v1/teams/" + team.name())).body(team);
  }

  @DeleteMapping("/teams/{name}")
  ResponseEntity<Void> deleteTeam(@PathVariable String name, Caller caller) {
    admin.deleteTeam(name, caller);
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/users")
  List<UserView> users(Caller caller) {
    return admin.users(caller).stream().map(UserView::of).toList();
  }

  @PostMapping("/users")
  ResponseEntity<UserView> createUser(@RequestBody UserRequest r, Caller caller) {
    UserView user =
        UserView.of(admin.createUser(r.username(), r.password(), r.team(), r.roles(), caller));
    return ResponseEntity.created(URI.create("/api/v1/users/" + user.username())).body(user);
  }

  @PutMapping("/users/{username}")
  UserView updateUser(@PathVariable String username, @RequestBody UserRequest r, Caller caller) {
    return UserView.of(
        admin.updateUser(username, r.password(), r.team(), r.roles(), r.enabled(), caller));
  }

  @DeleteMapping("/users/{username}")
  ResponseEntity<Void> deleteUser(@PathVariable String username, Caller caller) {
    admin.deleteUser(username, caller);
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/clients")
  List<ClientView> clients(Caller caller) {
    return admin.clients(caller).stream().map(ClientView::of).toList();
  }

  @PostMapping("/clients")
  ResponseEntity<ClientView> createClient(@RequestBody ClientRequest r, Caller caller) {
    ClientView client =
        ClientView.of(admin.createClient(r.clientId(), r.team(), r.roles(), caller));
    return ResponseEntity.created(URI.create("/api/v1/clients/" + client.clientId())).body(client);
  }

  @PutMapping("/clients/{clientId}")
  ClientView updateClient(
      @PathVariable String clientId, @RequestBody ClientRequest r, Caller caller) {
    return ClientView.of(admin.updateClient(clientId, r.team(), r.roles(), r.enabled(), caller));
  }

  @DeleteMapping("/clients/{clientId}")
  ResponseEntity<Void> deleteClient(@PathVariable String clientId, Caller caller) {
    admin.deleteClient(clientId, caller);
    return ResponseEntity.noContent().build();
  }

  /** The new secret, shown this once; the previous one works until previousSecretValidUntil. */
  @PostMapping("/clients/{clientId}/secret")
  ClientView rotateSecret(@PathVariable String clientId, Caller caller) {
    return ClientView.of(admin.rotateSecret(clientId, caller));
  }
}
