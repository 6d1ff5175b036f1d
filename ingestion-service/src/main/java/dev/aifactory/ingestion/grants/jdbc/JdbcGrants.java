package dev.aifactory.ingestion.grants.jdbc;

import dev.aifactory.ingestion.dataset.Page;
import dev.aifactory.ingestion.grants.Grant;
import dev.aifactory.ingestion.grants.Grants;
import dev.aifactory.ingestion.grants.Permission;
import dev.aifactory.ingestion.grants.TagExpression;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Grants in PostgreSQL; permissions as a comma-separated list, expressions as their text. */
@Repository
class JdbcGrants implements Grants {

  private final JdbcClient jdbc;

  JdbcGrants(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void add(Grant g) {
    jdbc.sql(
            """
            insert into access_grants (id, team, principal, permissions, dataset_name,
                tag_expression, created_by, created_at)
            values (:id, :team, :principal, :permissions, :datasetName, :expression, :createdBy,
                :createdAt)
            """)
        .param("id", g.id())
        .param("team", g.team())
        .param("principal", g.principal())
        .param(
            "permissions",
            String.join(",", g.permissions().stream().map(Permission::name).sorted().toList()))
        .param("datasetName", g.datasetName())
        .param("expression", g.expression() == null ? null : g.expression().toString())
        .param("createdBy", g.createdBy())
        .param("createdAt", OffsetDateTime.ofInstant(g.createdAt(), ZoneOffset.UTC))
        .update();
  }

  @Override
  public Page<Grant> list(String team, int page, int size) {
    List<Grant> items =
        jdbc.sql(
                """
                select * from access_grants where team = :team
                order by created_at desc, id limit :limit offset :offset
                """)
            .param("team", team)
            .param("limit", size)
            .param("offset", (long) page * size)
            .query(JdbcGrants::grant)
            .list();
    long total =
        jdbc.sql("select count(*) from access_grants where team = :team")
            .param("team", team)
            .query(Long.class)
            .single();
    return new Page<>(items, page, size, total);
  }

  @Override
  public List<Grant> forPrincipal(String team, String principal) {
    return jdbc.sql(
            "select * from access_grants where team = :team and principal = :principal order by created_at")
        .param("team", team)
        .param("principal", principal)
        .query(JdbcGrants::grant)
        .list();
  }

  @Override
  public Optional<Grant> find(String team, UUID id) {
    return jdbc.sql("select * from access_grants where team = :team and id = :id")
        .param("team", team)
        .param("id", id)
        .query(JdbcGrants::grant)
        .optional();
  }

  @Override
  public boolean delete(String team, UUID id) {
    return jdbc.sql("delete from access_grants where team = :team and id = :id")
            .param("team", team)
            .param("id", id)
            .update()
        == 1;
  }

  private static Grant grant(ResultSet rs, int row) throws SQLException {
    String expression = rs.getString("tag_expression");
    return new Grant(
        rs.getObject("id", UUID.class),
        rs.getString("team"),
        rs.getString("principal"),
        Arrays.stream(rs.getString("permissions").split(","))
            .map(Permission::valueOf)
            .collect(Collectors.toSet()),
        rs.getString("dataset_name"),
        expression == null ? null : TagExpression.parse(expression),
        rs.getString("created_by"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant());
  }
}
