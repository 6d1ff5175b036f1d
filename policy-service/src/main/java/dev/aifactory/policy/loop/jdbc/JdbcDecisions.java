package dev.aifactory.policy.loop.jdbc;

import dev.aifactory.common.web.PageRequest;
import dev.aifactory.policy.Canonical;
import dev.aifactory.policy.Paged;
import dev.aifactory.policy.loop.Decision;
import dev.aifactory.policy.loop.Decisions;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class JdbcDecisions implements Decisions {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private static final String COLUMNS =
      "decision_id, team, subject, attachment_point, policy, policy_version, effect,"
          + " inputs::text as inputs, inputs_digest, reasons, created_at, mode, evaluated";

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final Canonical canonical;

  JdbcDecisions(JdbcClient jdbc, JsonMapper json, Canonical canonical) {
    this.jdbc = jdbc;
    this.json = json;
    this.canonical = canonical;
  }

  @Override
  public void add(Decision d) {
    jdbc.sql(
            """
            insert into decisions (decision_id, team, subject, attachment_point, policy,
                                   policy_version, effect, inputs, inputs_digest, reasons, created_at,
                                   mode, evaluated)
            values (:id, :team, :subject, :point, :policy, :version, :effect,
                    cast(:inputs as json), :digest, :reasons, :at, :mode, :evaluated)
            """)
        .param("id", d.decisionId())
        .param("team", d.team())
        .param("subject", d.subject())
        .param("point", d.attachmentPoint())
        .param("policy", d.policy())
        .param("version", d.policyVersion())
        .param("effect", d.effect().id())
        // The exact text that was digested, so the digest can be checked against the row.
        .param("inputs", canonical.json(d.inputs()))
        .param("digest", d.inputsDigest())
        .param("reasons", json.writeValueAsString(d.reasons()))
        .param("at", OffsetDateTime.ofInstant(d.createdAt(), ZoneOffset.UTC))
        .param("mode", d.mode())
        .param("evaluated", d.evaluated())
        .update();
  }

  @Override
  public Paged<Decision> find(
      String team, String subject, String attachmentPoint, PageRequest page) {
    String where =
        " where team = :team"
            + " and (cast(:subject as text) is null or subject = :subject)"
            + " and (cast(:point as text) is null or attachment_point = :point)";
    long total =
        jdbc.sql("select count(*) from decisions" + where)
            .param("team", team)
            .param("subject", subject)
            .param("point", attachmentPoint)
            .query(Long.class)
            .single();
    List<Decision> items =
        jdbc.sql(
                "select "
                    + COLUMNS
                    + " from decisions"
                    + where
                    + " order by created_at desc, decision_id limit :limit offset :offset")
            .param("team", team)
            .param("subject", subject)
            .param("point", attachmentPoint)
            .param("limit", page.size())
            .param("offset", page.offset())
            .query(this::row)
            .list();
    return new Paged<>(items, page.page(), page.size(), total);
  }

  @Override
  public List<Decision> recent(String team, String attachmentPoint, String subject, int limit) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from decisions where team = :team and attachment_point = :point"
                + " and (cast(:subject as text) is null or subject = :subject)"
                + " order by created_at desc, decision_id limit :limit")
        .param("team", team)
        .param("point", attachmentPoint)
        .param("subject", subject)
        .param("limit", limit)
        .query(this::row)
        .list();
  }

  private Decision row(ResultSet rs, int n) throws SQLException {
    return new Decision(
        rs.getObject("decision_id", UUID.class),
        rs.getString("team"),
        rs.getString("subject"),
        rs.getString("attachment_point"),
        rs.getString("policy"),
        rs.getInt("policy_version"),
        Decision.Effect.of(rs.getString("effect")),
        json.readValue(rs.getString("inputs"), MAP),
        rs.getString("inputs_digest"),
        json.readValue(rs.getString("reasons"), STRINGS),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getString("mode"),
        rs.getString("evaluated"));
  }
}
