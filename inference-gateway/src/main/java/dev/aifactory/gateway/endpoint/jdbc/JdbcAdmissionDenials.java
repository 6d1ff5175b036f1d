package dev.aifactory.gateway.endpoint.jdbc;

import dev.aifactory.gateway.endpoint.AdmissionDenials;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

@Repository
class JdbcAdmissionDenials implements AdmissionDenials {

  private final JdbcClient jdbc;
  private final JsonMapper json;

  JdbcAdmissionDenials(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  public void record(Denial denial) {
    jdbc.sql(
            """
            insert into endpoint_admission_denials
                   (endpoint, team, model_group, version, decision_id, reasons)
            values (:endpoint, :team, :group, :version, :decision, :reasons)
            """)
        .param("endpoint", denial.endpoint())
        .param("team", denial.team())
        .param("group", denial.modelGroup())
        .param("version", denial.version())
        .param("decision", denial.decisionId())
        .param("reasons", json.writeValueAsString(denial.reasons()))
        .update();
  }

  @Override
  public List<Denial> recent(String endpoint, int limit) {
    return jdbc.sql(
            """
            select endpoint, team, model_group, version, decision_id, reasons, denied_at
            from endpoint_admission_denials where endpoint = :endpoint
            order by id desc limit :limit
            """)
        .param("endpoint", endpoint)
        .param("limit", limit)
        .query(
            (rs, n) ->
                new Denial(
                    rs.getString("endpoint"),
                    rs.getString("team"),
                    rs.getString("model_group"),
                    rs.getInt("version"),
                    rs.getString("decision_id"),
                    List.of(json.readValue(rs.getString("reasons"), String[].class)),
                    rs.getObject("denied_at", OffsetDateTime.class).toInstant()))
        .list();
  }
}
