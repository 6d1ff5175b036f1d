package dev.aifactory.policy.rules.jdbc;

import dev.aifactory.policy.rules.AttachmentPoint;
import dev.aifactory.policy.rules.Policies;
import dev.aifactory.policy.rules.Policy;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcPolicies implements Policies {

  private final JdbcClient jdbc;

  JdbcPolicies(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<Policy> current() {
    return jdbc.sql(
            """
            select distinct on (name) * from policies order by name, version desc
            """)
        .query(JdbcPolicies::row)
        .list();
  }

  @Override
  public Optional<Policy> current(String name) {
    return jdbc.sql("select * from policies where name = :name order by version desc limit 1")
        .param("name", name)
        .query(JdbcPolicies::row)
        .optional();
  }

  @Override
  public List<Policy> versions(String name) {
    return jdbc.sql("select * from policies where name = :name order by version desc")
        .param("name", name)
        .query(JdbcPolicies::row)
        .list();
  }

  @Override
  public void add(Policy p) {
    jdbc.sql(
            """
            insert into policies
              (name, version, attachment_point, expression, description, created_by, created_at)
            values (:name, :version, :point, :expression, :description, :createdBy, :createdAt)
            """)
        .param("name", p.name())
        .param("version", p.version())
        .param("point", p.attachmentPoint().id())
        .param("expression", p.expression())
        .param("description", p.description())
        .param("createdBy", p.createdBy())
        .param("createdAt", OffsetDateTime.ofInstant(p.createdAt(), ZoneOffset.UTC))
        .update();
  }

  private static Policy row(ResultSet rs, int n) throws SQLException {
    String point = rs.getString("attachment_point");
    return new Policy(
        rs.getString("name"),
        rs.getInt("version"),
        AttachmentPoint.byId(point)
            .orElseThrow(() -> new IllegalStateException("Unknown attachment point " + point)),
        rs.getString("expression"),
        rs.getString("description"),
        rs.getString("created_by"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant());
  }
}
