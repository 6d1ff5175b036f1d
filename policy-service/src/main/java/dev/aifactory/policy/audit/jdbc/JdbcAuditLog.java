package dev.aifactory.policy.audit.jdbc;

import dev.aifactory.common.web.PageRequest;
import dev.aifactory.policy.Paged;
import dev.aifactory.policy.audit.AuditEntry;
import dev.aifactory.policy.audit.AuditLog;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcAuditLog implements AuditLog {

  /** Arbitrary constant naming the audit append lock among the schema's advisory locks. */
  private static final long APPEND_LOCK = 0x41554449544c4f47L;

  private static final String COLUMNS =
      "seq, id, at, actor, action, subject, team, details::text as details, prev_hash, hash";

  private final JdbcClient jdbc;

  JdbcAuditLog(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void lockForAppend() {
    jdbc.sql("select pg_advisory_xact_lock(:key)").param("key", APPEND_LOCK).query().singleRow();
  }

  @Override
  public Optional<String> lastHash() {
    return jdbc.sql("select hash from audit_log order by seq desc limit 1")
        .query(String.class)
        .optional();
  }

  @Override
  public void append(AuditEntry e) {
    jdbc.sql(
            """
            insert into audit_log (id, at, actor, action, subject, team, details, prev_hash, hash)
            values (:id, :at, :actor, :action, :subject, :team, cast(:details as json), :prev, :hash)
            """)
        .param("id", e.id())
        .param("at", OffsetDateTime.ofInstant(e.at(), ZoneOffset.UTC))
        .param("actor", e.actor())
        .param("action", e.action())
        .param("subject", e.subject())
        .param("team", e.team())
        .param("details", e.details())
        .param("prev", e.prevHash())
        .param("hash", e.hash())
        .update();
  }

  @Override
  public List<AuditEntry> after(long afterSeq, int limit, String team) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from audit_log where seq > :after"
                + " and (cast(:team as text) is null or team = :team) order by seq limit :limit")
        .param("after", afterSeq)
        .param("team", team)
        .param("limit", limit)
        .query(JdbcAuditLog::row)
        .list();
  }

  @Override
  public Paged<AuditEntry> find(String team, String subject, String action, PageRequest page) {
    String where =
        " where (cast(:team as text) is null or team = :team)"
            + " and (cast(:subject as text) is null or subject = :subject)"
            + " and (cast(:action as text) is null or action = :action)";
    long total =
        jdbc.sql("select count(*) from audit_log" + where)
            .param("team", team)
            .param("subject", subject)
            .param("action", action)
            .query(Long.class)
            .single();
    List<AuditEntry> items =
        jdbc.sql(
                "select "
                    + COLUMNS
                    + " from audit_log"
                    + where
                    + " order by seq desc limit :limit offset :offset")
            .param("team", team)
            .param("subject", subject)
            .param("action", action)
            .param("limit", page.size())
            .param("offset", page.offset())
            .query(JdbcAuditLog::row)
            .list();
    return new Paged<>(items, page.page(), page.size(), total);
  }

  private static AuditEntry row(ResultSet rs, int n) throws SQLException {
    return new AuditEntry(
        rs.getLong("seq"),
        rs.getObject("id", UUID.class),
        rs.getObject("at", OffsetDateTime.class).toInstant(),
        rs.getString("actor"),
        rs.getString("action"),
        rs.getString("subject"),
        rs.getString("team"),
        rs.getString("details"),
        rs.getString("prev_hash"),
        rs.getString("hash"));
  }
}
