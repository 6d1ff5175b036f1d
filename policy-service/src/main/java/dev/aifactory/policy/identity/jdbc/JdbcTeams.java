package dev.aifactory.policy.identity.jdbc;

import dev.aifactory.policy.identity.Teams;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcTeams implements Teams {

  private final JdbcClient jdbc;

  JdbcTeams(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Optional<Team> find(String name) {
    return jdbc.sql("select * from teams where name = :n")
        .param("n", name)
        .query(JdbcTeams::map)
        .optional();
  }

  @Override
  public List<Team> list() {
    return jdbc.sql("select * from teams order by name").query(JdbcTeams::map).list();
  }

  @Override
  public boolean add(Team team) {
    return jdbc.sql(
                "insert into teams (name, description, created_by, created_at)"
                    + " values (:n, :d, :by, :at) on conflict (name) do nothing")
            .param("n", team.name())
            .param("d", team.description())
            .param("by", team.createdBy())
            .param("at", Timestamp.from(team.createdAt()))
            .update()
        == 1;
  }

  @Override
  public boolean delete(String name) {
    return jdbc.sql("delete from teams where name = :n").param("n", name).update() == 1;
  }

  private static Team map(ResultSet rs, int row) throws SQLException {
    return new Team(
        rs.getString("name"),
        rs.getString("description"),
        rs.getString("created_by"),
        rs.getTimestamp("created_at").toInstant());
  }
}
