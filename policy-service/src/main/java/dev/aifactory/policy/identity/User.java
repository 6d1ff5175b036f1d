package dev.aifactory.policy.identity;

import java.util.List;

/** A person who signs in: team and roles go into their tokens like a client's. */
public record User(
    String username, String passwordHash, String team, List<String> roles, boolean enabled) {

  @Override
  public String toString() {
    return "User[username=" + username + ", team=" + team + ", roles=" + roles + "]";
  }
}
