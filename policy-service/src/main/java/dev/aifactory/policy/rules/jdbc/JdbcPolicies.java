package dev.aifactory.policy.rules.jdbc;

import dev.aifactory.policy.rules.ApprovalRule;
import dev.aifactory.policy.rules.AttachmentPoint;
import dev.aifactory.policy.rules.Policies;
import dev.aifactory.policy.rules.Policy;
import dev.aifactory.policy.rules.PolicyScope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

@Repository
class JdbcPolicies implements Policies {

  /** Arbitrary constant naming the policy change lock among the schema's advisory locks. */
  private static final long CHANGE_LOCK = 0x504f4c4943494553L;

  private final JdbcClient jdbc;
  private final JsonMapper json;

  JdbcPolicies(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** The approval rule as stored: whole minutes of expiry. */
  record StoredApproval(String requiredRole, int quorum, long expiresInMinutes) {}

  @Override
  public List<Policy> current() {
    return jdbc.sql(
            """
            select distinct on (name) * from policies order by name, version desc
            """)
        .query(this::row)
        .list();
  }

  @Override
  public Optional<Policy> current(String name) {
    return jdbc.sql("select * from policies where name = :name order by version desc limit 1")
        .param("name", name)
        .query(this::row)
        .optional();
  }

  @Override
  public List<Policy> current(AttachmentPoint point) {
    // The newest version decides where a policy is attached now, so filter after picking it.
    return jdbc.sql(
            """
            select * from (select distinct on (name) * from policies order by name, version desc) p
            where attachment_point = :point order by name
            """)
        .param("point", point.id())
        .query(this::row)
        .list();
  }

  @Override
  public List<Policy> versions(String name) {
    return jdbc.sql("select * from policies where name = :name order by version desc")
        .param("name", name)
        .query(this::row)
        .list();
  }

  @Override
  public void lockForChange() {
    jdbc.sql("select pg_advisory_xact_lock(:key)").param("key", CHANGE_LOCK).query().singleRow();
  }

  @Override
  public void add(Policy p) {
    jdbc.sql(
            """
            insert into policies (name, version, attachment_point, expression, description,
                                  mode, scope, approval, created_by, created_at)
            values (:name, :version, :point, :expression, :description,
                    :mode, :scope, cast(:approval as json), :createdBy, :createdAt)
            """)
        .param("name", p.name())
        .param("version", p.version())
        .param("point", p.attachmentPoint().id())
        .param("expression", p.expression())
        .param("description", p.description())
        .param("mode", p.mode().id())
        .param("scope", p.scope().toString())
        .param(
            "approval",
            p.approval() == null
                ? null
                : json.writeValueAsString(
                    new StoredApproval(
                        p.approval().requiredRole(),
                        p.approval().quorum(),
                        p.approval().expiresIn().toMinutes())))
        .param("createdBy", p.createdBy())
        .param("createdAt", OffsetDateTime.ofInstant(p.createdAt(), ZoneOffset.UTC))
        .update();
  }

  private Policy row(ResultSet rs, int n) throws SQLException {
    String point = rs.getString("attachment_point");
    String approvalJson = rs.getString("approval");
    ApprovalRule approval = null;
    if (approvalJson != null) {
      StoredApproval a = json.readValue(approvalJson, StoredApproval.class);
      approval =
          new ApprovalRule(a.requiredRole(), a.quorum(), Duration.ofMinutes(a.expiresInMinutes()));
    }
    return new Policy(
        rs.getString("name"),
        rs.getInt("version"),
        AttachmentPoint.byId(point)
            .orElseThrow(() -> new IllegalStateException("Unknown attachment point " + point)),
        rs.getString("expression"),
        rs.getString("description"),
        Policy.Mode.of(rs.getString("mode")),
        PolicyScope.parse(rs.getString("scope")),
        approval,
        rs.getString("created_by"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant());
  }
}
