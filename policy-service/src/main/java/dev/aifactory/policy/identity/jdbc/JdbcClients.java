package dev.aifactory.policy.identity.jdbc;

import dev.aifactory.policy.identity.Clients;
import dev.aifactory.policy.identity.ManagedClient;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class JdbcClients implements Clients {

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final String COLUMNS =
      "client_id, secret_hash, previous_secret_hash, previous_valid_until, team,"
          + " roles::text as roles, enabled, configured, secret_rotated_at, created_at";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  JdbcClients(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  public Optional<ManagedClient> find(String clientId) {
    return jdbc.sql("select " + COLUMNS + " from clients where client_id = :id")
        .param("id", clientId)
        .query(this::map)
        .optional();
  }

  @Override
  public List<ManagedClient> list() {
    return jdbc.sql("select " + COLUMNS + " from clients order by client_id")
        .query(this::map)
        .list();
  }

  @Override
  public boolean add(ManagedClient c) {
    return jdbc.sql(
                """
                insert into clients (client_id, secret_hash, team, roles, enabled, configured,
                    created_at)
                values (:id, :hash, :team, cast(:roles as json), :enabled, :configured, :at)
                on conflict (client_id) do nothing
                """)
            .param("id", c.clientId())
            .param("hash", c.secretHash())
            .param("team", c.team())
            .param("roles", json.writeValueAsString(c.roles()))
            .param("enabled", c.enabled())
            .param("configured", c.configured())
            .param("at", Timestamp.from(c.createdAt()))
            .update()
        == 1;
  }

  @Override
  public void update(ManagedClient c) {
    jdbc.sql(
            """
            update clients set secret_hash = :hash, previous_secret_hash = :prev,
                previous_valid_until = :until, team = :team, roles = cast(:roles as json),
                enabled = :enabled, configured = :configured, secret_rotated_at = :rotated
            where client_id = :id
            """)
        .param("id", c.clientId())
        .param("hash", c.secretHash())
        .param("prev", c.previousSecretHash())
        .param("until", ts(c.previousValidUntil()))
        .param("team", c.team())
        .param("roles", json.writeValueAsString(c.roles()))
        .param("enabled", c.enabled())
        .param("configured", c.configured())
        .param("rotated", ts(c.secretRotatedAt()))
        .update();
  }

  @Override
  public boolean delete(String clientId) {
    return jdbc.sql("delete from clients where client_id = :id").param("id", clientId).update()
        == 1;
  }

  private static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  private ManagedClient map(ResultSet rs, int row) throws SQLException {
    return new ManagedClient(
        rs.getString("client_id"),
        rs.getString("secret_hash"),
        rs.getString("previous_secret_hash"),
        instant(rs.getTimestamp("previous_valid_until")),
        rs.getString("team"),
        json.readValue(rs.getString("roles"), STRINGS),
        rs.getBoolean("enabled"),
        rs.getBoolean("configured"),
        instant(rs.getTimestamp("secret_rotated_at")),
        rs.getTimestamp("created_at").toInstant());
  }
}
