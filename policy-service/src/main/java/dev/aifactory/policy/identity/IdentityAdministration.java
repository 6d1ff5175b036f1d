package dev.aifactory.policy.identity;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.policy.audit.AuditTrail;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The admin API of the identity provider: teams, users and clients. Secrets and passwords are
 * stored as hashes; a client secret is shown once, when generated (creation or rotation), and never
 * logged or audited. A rotation keeps the previous secret valid for a grace period so that
 * deployments can switch over.
 */
@Service
public class IdentityAdministration {

  private static final Logger log = LoggerFactory.getLogger(IdentityAdministration.class);
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
  private static final Set<String> ROLES =
      Set.of(
          Caller.VIEWER,
          Caller.DATA_ENGINEER,
          Caller.ML_ENGINEER,
          Caller.APPROVER,
          Caller.ADMIN,
          Caller.SERVICE);
  private static final int MIN_PASSWORD = 8;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Teams teams;
  private final Users users;
  private final Clients clients;
  private final AuditTrail audit;
  private final Clock clock;
  private final IdentityProperties identity;
  private final PasswordEncoder encoder;

  IdentityAdministration(
      Teams teams,
      Users users,
      Clients clients,
      AuditTrail audit,
      Clock clock,
      IdentityProperties identity) {
    this.teams = teams;
    this.users = users;
    this.clients = clients;
    this.audit = audit;
    this.clock = clock;
    this.identity = identity;
    this.encoder = new GracePasswordEncoder(clock);
    seedConfigured();
  }

  /** A client with the secret generated for it: shown to the caller once. */
  public record Revealed(ManagedClient client, String secret) {}

  /**
   * Creates the configured clients and teams that are missing, and brings configured clients whose
   * secret was never rotated through the API in line with the configuration.
   */
  private void seedConfigured() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Set<String> configuredTeams = new LinkedHashSet<>();
    for (IdentityProperties.Client c : identity.clients()) {
      configuredTeams.add(c.team());
      var stored = clients.find(c.clientId());
      if (stored.isEmpty()) {
        clients.add(
            new ManagedClient(
                c.clientId(),
                hash(c.secret()),
                null,
                null,
                c.team(),
                c.roles(),
                true,
                true,
                null,
                now));
      } else if (stored.get().configured() && stored.get().secretRotatedAt() == null) {
        ManagedClient s = stored.get();
        String hash =
            encoder.matches(c.secret(), s.secretHash()) ? s.secretHash() : hash(c.secret());
        clients.update(
            new ManagedClient(
                s.clientId(),
                hash,
                null,
                null,
                c.team(),
                c.roles(),
                s.enabled(),
                true,
                null,
                s.createdAt()));
      }
    }
    identity.users().forEach(u -> configuredTeams.add(u.team()));
    configuredTeams.forEach(
        t -> teams.add(new Teams.Team(t, "from configuration", "configuration", now)));
    log.info(
        "Identity: {} configured client(s), teams {}", identity.clients().size(), configuredTeams);
  }

  private String hash(String secret) {
    return secret.startsWith("{") ? secret : encoder.encode(secret);
  }

  // --- teams

  @Transactional(readOnly = true)
  public List<Teams.Team> teams(Caller caller) {
    if (caller.hasRole(Caller.ADMIN)) {
      return teams.list();
    }
    return teams.find(caller.team()).map(List::of).orElse(List.of());
  }

  @Transactional
  public Teams.Team createTeam(String name, String description, Caller caller) {
    admin(caller);
    name(name, "name");
    Teams.Team team =
        new Teams.Team(
            name,
            description == null ? "" : description,
            caller.subject(),
            clock.instant().truncatedTo(ChronoUnit.MICROS));
    if (!teams.add(team)) {
      throw ApiException.conflict("Team " + name + " exists");
    }
    audit.record(
        caller.subject(), "team.created", name, name, Map.of("description", team.description()));
    return team;
  }

  @Transactional
  public void deleteTeam(String name, Caller caller) {
    admin(caller);
    boolean inUse =
        users.list().stream().anyMatch(u -> u.team().equals(name))
            || clients.list().stream().anyMatch(c -> c.team().equals(name));
    if (inUse) {
      throw ApiException.conflict("Team " + name + " still has users or clients");
    }
    if (!teams.delete(name)) {
      throw ApiException.notFound("Team", name);
    }
    audit.record(caller.subject(), "team.deleted", name, name, Map.of());
  }

  // --- users

  @Transactional(readOnly = true)
  public List<User> users(Caller caller) {
    admin(caller);
    return users.list();
  }

  @Transactional
  public User createUser(
      String username, String password, String team, List<String> roles, Caller caller) {
    admin(caller);
    name(username, "username");
    password(password);
    existingTeam(team);
    List<String> checked = roles(roles, false);
    User user = new User(username, encoder.encode(password), team, checked, true);
    if (!users.addIfAbsent(user)) {
      throw ApiException.conflict("User " + username + " exists");
    }
    audit.record(
        caller.subject(), "user.created", username, team, Map.of("team", team, "roles", checked));
    return user;
  }

  @Transactional
  public User updateUser(
      String username,
      String password,
      String team,
      List<String> roles,
      Boolean enabled,
      Caller caller) {
    admin(caller);
    User current = users.find(username).orElseThrow(() -> ApiException.notFound("User", username));
    if (password != null) {
      password(password);
    }
    if (team != null) {
      existingTeam(team);
    }
    User next =
        new User(
            username,
            password == null ? current.passwordHash() : encoder.encode(password),
            team == null ? current.team() : team,
            roles == null ? current.roles() : roles(roles, false),
            enabled == null ? current.enabled() : enabled);
    users.update(next);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("team", next.team());
    details.put("roles", next.roles());
    details.put("enabled", next.enabled());
    details.put("passwordChanged", password != null);
    audit.record(caller.subject(), "user.updated", username, next.team(), details);
    return next;
  }

  @Transactional
  public void deleteUser(String username, Caller caller) {
    admin(caller);
    User current = users.find(username).orElseThrow(() -> ApiException.notFound("User", username));
    users.delete(username);
    audit.record(caller.subject(), "user.deleted", username, current.team(), Map.of());
  }

  // --- clients

  @Transactional(readOnly = true)
  public List<ManagedClient> clients(Caller caller) {
    admin(caller);
    return clients.list();
  }

  @Transactional
  public Revealed createClient(String clientId, String team, List<String> roles, Caller caller) {
    admin(caller);
    name(clientId, "clientId");
    existingTeam(team);
    List<String> checked = roles(roles, true);
    String secret = newSecret();
    ManagedClient client =
        new ManagedClient(
            clientId,
            encoder.encode(secret),
            null,
            null,
            team,
            checked,
            true,
            false,
            null,
            clock.instant().truncatedTo(ChronoUnit.MICROS));
    if (!clients.add(client)) {
      throw ApiException.conflict("Client " + clientId + " exists");
    }
    audit.record(
        caller.subject(), "client.created", clientId, team, Map.of("team", team, "roles", checked));
    return new Revealed(client, secret);
  }

  @Transactional
  public ManagedClient updateClient(
      String clientId, String team, List<String> roles, Boolean enabled, Caller caller) {
    admin(caller);
    ManagedClient c = client(clientId);
    if (team != null) {
      existingTeam(team);
    }
    ManagedClient next =
        new ManagedClient(
            clientId,
            c.secretHash(),
            c.previousSecretHash(),
            c.previousValidUntil(),
            team == null ? c.team() : team,
            roles == null ? c.roles() : roles(roles, true),
            enabled == null ? c.enabled() : enabled,
            // Changed through the API: configuration no longer owns it.
            false,
            c.secretRotatedAt(),
            c.createdAt());
    clients.update(next);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("team", next.team());
    details.put("roles", next.roles());
    details.put("enabled", next.enabled());
    audit.record(caller.subject(), "client.updated", clientId, next.team(), details);
    return next;
  }

  @Transactional
  public void deleteClient(String clientId, Caller caller) {
    admin(caller);
    ManagedClient c = client(clientId);
    clients.delete(clientId);
    audit.record(caller.subject(), "client.deleted", clientId, c.team(), Map.of());
  }

  /** A new secret; the previous one stays valid for the grace period. */
  @Transactional
  public Revealed rotateSecret(String clientId, Caller caller) {
    admin(caller);
    ManagedClient c = client(clientId);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Duration grace = identity.secretGrace();
    String secret = newSecret();
    ManagedClient next =
        new ManagedClient(
            clientId,
            encoder.encode(secret),
            c.secretHash(),
            now.plus(grace),
            c.team(),
            c.roles(),
            c.enabled(),
            false,
            now,
            c.createdAt());
    clients.update(next);
    audit.record(
        caller.subject(),
        "client.secret-rotated",
        clientId,
        c.team(),
        Map.of("previousSecretValidUntil", next.previousValidUntil().toString()));
    return new Revealed(next, secret);
  }

  private ManagedClient client(String clientId) {
    return clients.find(clientId).orElseThrow(() -> ApiException.notFound("Client", clientId));
  }

  private static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void admin(Caller caller) {
    if (!caller.hasRole(Caller.ADMIN)) {
      throw ApiException.forbidden("Only admins may manage teams, users and clients");
    }
  }

  private static void name(String value, String field) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw ApiException.badRequest(
          field, field + " is required: lowercase letters, digits, . _ - (up to 100)");
    }
  }

  private static void password(String password) {
    if (password == null || password.length() < MIN_PASSWORD) {
      throw ApiException.badRequest(
          "password", "password must have at least " + MIN_PASSWORD + " characters");
    }
  }

  private void existingTeam(String team) {
    if (team == null || teams.find(team).isEmpty()) {
      throw ApiException.badRequest("team", "team '" + team + "' does not exist; create it first");
    }
  }

  /** Known roles only; {@code service} is for clients alone (platform services). */
  private static List<String> roles(List<String> roles, boolean client) {
    if (roles == null || roles.isEmpty()) {
      throw ApiException.badRequest("roles", "at least one role is required");
    }
    List<String> checked = new ArrayList<>();
    for (String role : roles) {
      if (role == null || !ROLES.contains(role) || (!client && Caller.SERVICE.equals(role))) {
        throw ApiException.badRequest(
            "roles",
            "unknown role '"
                + role
                + "'; roles are viewer, data-engineer, ml-engineer, approver, admin"
                + (client ? ", service" : ""));
      }
      if (!checked.contains(role)) {
        checked.add(role);
      }
    }
    return List.copyOf(checked);
  }
}
