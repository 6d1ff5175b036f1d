package dev.aifactory.policy.identity.jdbc;

import dev.aifactory.policy.identity.User;
import dev.aifactory.policy.identity.Users;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class JdbcUsers implements Users {

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json;

  JdbcUsers(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  public Optional<User> find(String username) {
    return jdbc.sql(
            "select username, password_hash, team, roles::text as roles, enabled from users"
                + " where username = :u")
        .param("u", username)
        .query(
            (rs, n) ->
                new User(
                    rs.getString("username"),
                    rs.getString("password_hash"),
                    rs.getString("team"),
                    json.readValue(rs.getString("roles"), STRINGS),
                    rs.getBoolean("enabled")))
        .optional();
  }

  @Override
  public boolean addIfAbsent(User user) {
    return jdbc.sql(
                "insert into users (username, password_hash, team, roles, enabled)"
                    + " values (:u, :p, :t, cast(:r as json), :e) on conflict (username) do nothing")
            .param("u", user.username())
            .param("p", user.passwordHash())
            .param("t", user.team())
            .param("r", json.writeValueAsString(user.roles()))
            .param("e", user.enabled())
            .update()
        == 1;
  }

  @Override
  public List<User> list() {
    return jdbc.sql(
            "select username, password_hash, team, roles::text as roles, enabled from users"
                + " order by username")
        .query(
            (rs, n) ->
                new User(
                    rs.getString("username"),
                    rs.getString("password_hash"),
                    rs.getString("team"),
                    json.readValue(rs.getString("roles"), STRINGS),
                    rs.getBoolean("enabled")))
        .list();
  }

  @Override
  public void update(User user) {
    jdbc.sql(
            "update users set password_hash = :p, team = :t, roles = cast(:r as json),"
                + " enabled = :e where username = :u")
        .param("u", user.username())
        .param("p", user.passwordHash())
        .param("t", user.team())
        .param("r", json.writeValueAsString(user.roles()))
        .param("e", user.enabled())
        .update();
  }

  @Override
  public boolean delete(String username) {
    return jdbc.sql("delete from users where username = :u").param("u", username).update() == 1;
  }
}
