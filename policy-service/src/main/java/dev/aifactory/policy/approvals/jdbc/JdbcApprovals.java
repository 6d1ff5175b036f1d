package dev.aifactory.policy.approvals.jdbc;

import dev.aifactory.common.web.PageRequest;
import dev.aifactory.policy.Paged;
import dev.aifactory.policy.approvals.Approval;
import dev.aifactory.policy.approvals.Approvals;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class JdbcApprovals implements Approvals {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final String COLUMNS =
      "id, team, model_group, version, run_id, decision_id, policy, policy_version,"
          + " required_role, quorum, status, resolution, requested_by, evidence::text as evidence,"
          + " reasons, created_at, expires_at, resolved_at";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  JdbcApprovals(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  public boolean add(Approval a) {
    return jdbc.sql(
                """
            insert into approvals (id, team, model_group, version, run_id, decision_id, policy,
                                   policy_version, required_role, quorum, status, resolution,
                                   requested_by, evidence, reasons, created_at, expires_at)
            values (:id, :team, :group, :version, :run, :decision, :policy, :policyVersion,
                    :role, :quorum, :status, :resolution, :requestedBy, cast(:evidence as json),
                    :reasons, :createdAt, :expiresAt)
            on conflict (team, model_group, version) do nothing
            """)
            .param("id", a.id())
            .param("team", a.team())
            .param("group", a.modelGroup())
            .param("version", a.version())
            .param("run", a.runId())
            .param("decision", a.decisionId())
            .param("policy", a.policy())
            .param("policyVersion", a.policyVersion())
            .param("role", a.requiredRole())
            .param("quorum", a.quorum())
            .param("status", a.status().id())
            .param("resolution", a.resolution())
            .param("requestedBy", a.requestedBy())
            .param("evidence", json.writeValueAsString(a.evidence()))
            .param("reasons", json.writeValueAsString(a.reasons()))
            .param("createdAt", at(a.createdAt()))
            .param("expiresAt", at(a.expiresAt()))
            .update()
        == 1;
  }

  @Override
  public Optional<Approval> find(UUID id) {
    return jdbc.sql("select " + COLUMNS + " from approvals where id = :id")
        .param("id", id)
        .query(this::row)
        .optional();
  }

  @Override
  public Optional<Approval> lock(UUID id) {
    return jdbc.sql("select " + COLUMNS + " from approvals where id = :id for update")
        .param("id", id)
        .query(this::row)
        .optional();
  }

  @Override
  public Paged<Approval> find(String team, Approval.Status status, PageRequest page) {
    String where = " where team = :team and (cast(:status as text) is null or status = :status)";
    String s = status == null ? null : status.id();
    long total =
        jdbc.sql("select count(*) from approvals" + where)
            .param("team", team)
            .param("status", s)
            .query(Long.class)
            .single();
    List<Approval> items =
        jdbc.sql(
                "select "
                    + COLUMNS
                    + " from approvals"
                    + where
                    + " order by created_at desc, id limit :limit offset :offset")
            .param("team", team)
            .param("status", s)
            .param("limit", page.size())
            .param("offset", page.offset())
            .query(this::row)
            .list();
    return new Paged<>(items, page.page(), page.size(), total);
  }

  @Override
  public void addVote(UUID id, Approval.Vote vote) {
    jdbc.sql(
            """
            insert into approval_votes (approval_id, voter, verdict, comment, at)
            values (:id, :voter, :verdict, :comment, :at)
            """)
        .param("id", id)
        .param("voter", vote.voter())
        .param("verdict", vote.verdict())
        .param("comment", vote.comment())
        .param("at", at(vote.at()))
        .update();
  }

  @Override
  public void resolve(UUID id, Approval.Status status, String resolution, Instant resolvedAt) {
    jdbc.sql(
            """
            update approvals set status = :status, resolution = :resolution, resolved_at = :at
            where id = :id
            """)
        .param("status", status.id())
        .param("resolution", resolution)
        .param("at", at(resolvedAt))
        .param("id", id)
        .update();
  }

  @Override
  public List<Approval> lockExpired(Instant now, int limit) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from approvals where status = 'pending' and expires_at <= :now"
                + " order by expires_at limit :limit for update skip locked")
        .param("now", at(now))
        .param("limit", limit)
        .query(this::row)
        .list();
  }

  private List<Approval.Vote> votes(UUID id) {
    return jdbc.sql(
            "select voter, verdict, comment, at from approval_votes where approval_id = :id"
                + " order by at, voter")
        .param("id", id)
        .query(
            (rs, n) ->
                new Approval.Vote(
                    rs.getString("voter"),
                    rs.getString("verdict"),
                    rs.getString("comment"),
                    rs.getObject("at", OffsetDateTime.class).toInstant()))
        .list();
  }

  private Approval row(ResultSet rs, int n) throws SQLException {
    UUID id = rs.getObject("id", UUID.class);
    OffsetDateTime resolved = rs.getObject("resolved_at", OffsetDateTime.class);
    return new Approval(
        id,
        rs.getString("team"),
        rs.getString("model_group"),
        rs.getInt("version"),
        rs.getString("run_id"),
        rs.getObject("decision_id", UUID.class),
        rs.getString("policy"),
        rs.getInt("policy_version"),
        rs.getString("required_role"),
        rs.getInt("quorum"),
        Approval.Status.of(rs.getString("status")),
        rs.getString("resolution"),
        rs.getString("requested_by"),
        json.readValue(rs.getString("evidence"), MAP),
        json.readValue(rs.getString("reasons"), STRINGS),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
        resolved == null ? null : resolved.toInstant(),
        votes(id));
  }

  private static OffsetDateTime at(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
