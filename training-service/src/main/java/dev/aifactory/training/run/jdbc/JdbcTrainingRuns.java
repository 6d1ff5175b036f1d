package dev.aifactory.training.run.jdbc;

import dev.aifactory.training.Page;
import dev.aifactory.training.run.Iteration;
import dev.aifactory.training.run.RunStatus;
import dev.aifactory.training.run.TrainingRun;
import dev.aifactory.training.run.TrainingRunSpec;
import dev.aifactory.training.run.TrainingRuns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class JdbcTrainingRuns implements TrainingRuns {

  private static final TypeReference<Map<String, String>> PARAMS = new TypeReference<>() {};
  private static final TypeReference<Map<String, Double>> METRICS = new TypeReference<>() {};
  private static final TypeReference<List<String>> TAGS = new TypeReference<>() {};
  private static final TypeReference<List<LinkedHashMap<String, Double>>> ROUNDS =
      new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json;

  JdbcTrainingRuns(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  public boolean create(UUID id, TrainingRunSpec s, RunStatus status, String error) {
    return jdbc.sql(
                """
                insert into training_runs (id, team, request_id, request_hash, model_group,
                    dataset_id, dataset_version, dataset_location, dataset_tags, target, objective,
                    hyperparameters, trigger, reason, requested_by, decision_id, status, error,
                    finished_at, principal)
                values (:id, :team, :requestId, :hash, :group, :datasetId, :datasetVersion,
                    :location, :tags::jsonb, :target, :objective, :params::jsonb, :trigger, :reason,
                    :requestedBy, :decisionId, :status, :error,
                    case when :terminal then now() end, :principal)
                on conflict (request_id) do nothing
                """)
            .param("id", id)
            .param("team", s.team())
            .param("requestId", s.requestId())
            .param("hash", s.requestHash())
            .param("group", s.modelGroup())
            .param("datasetId", s.datasetId())
            .param("datasetVersion", s.datasetVersion())
            .param("location", s.datasetLocation())
            .param(
                "tags",
                json.writeValueAsString(s.datasetTags() == null ? List.of() : s.datasetTags()))
            .param("target", s.target())
            .param("objective", s.objective())
            .param(
                "params",
                json.writeValueAsString(
                    s.hyperparameters() == null ? Map.of() : s.hyperparameters()))
            .param("trigger", s.trigger())
            .param("reason", s.reason())
            .param("requestedBy", s.requestedBy())
            .param("decisionId", s.decisionId())
            .param("status", status.name())
            .param("error", error)
            .param("terminal", status.finished())
            .param("principal", s.principal())
            .update()
        == 1;
  }

  @Override
  public Optional<TrainingRun> find(UUID id) {
    return jdbc.sql("select * from training_runs where id = :id")
        .param("id", id)
        .query(this::map)
        .optional();
  }

  @Override
  public Optional<TrainingRun> findByRequestId(String requestId) {
    return jdbc.sql("select * from training_runs where request_id = :id")
        .param("id", requestId)
        .query(this::map)
        .optional();
  }

  @Override
  public Page<TrainingRun> list(
      String team, String modelGroup, RunStatus status, int page, int size) {
    String where =
        " where team = :team"
            + (modelGroup == null ? "" : " and model_group = :group")
            + (status == null ? "" : " and status = :status");
    JdbcClient.StatementSpec count = jdbc.sql("select count(*) from training_runs" + where);
    JdbcClient.StatementSpec select =
        jdbc.sql(
            "select * from training_runs"
                + where
                + " order by created_at desc, id limit :limit offset :offset");
    for (JdbcClient.StatementSpec spec : List.of(count, select)) {
      spec.param("team", team);
      if (modelGroup != null) {
        spec.param("group", modelGroup);
      }
      if (status != null) {
        spec.param("status", status.name());
      }
    }
    long total = count.query(Long.class).single();
    List<TrainingRun> items =
        select.param("limit", size).param("offset", (long) page * size).query(this::map).list();
    return new Page<>(items, page, size, total);
  }

  @Override
  public List<TrainingRun> claimQueued(int limit) {
    // Fair across teams: a team's n-th queued run waits behind every other team's runs with a
    // lower turn, where a team's turn counts the runs it already has RUNNING. Equal turns go to
    // the team served longest ago (never served first): with a single free worker the running
    // counts are all 0, and without this the queue would fall back to first come, first served.
    // One team's burst cannot starve another; within a team the queue is first come, first served.
    return jdbc.sql(
            """
            with running as (
                select team, count(*) as n from training_runs where status = 'RUNNING'
                group by team
            ), served as (
                select team, max(started_at) as last from training_runs
                where started_at > now() - interval '1 day'
                group by team
            ), fair as (
                select q.id, q.created_at, s.last as last_served,
                    coalesce(r.n, 0)
                        + row_number() over (partition by q.team order by q.created_at, q.id)
                        as turn
                from training_runs q
                left join running r on r.team = q.team
                left join served s on s.team = q.team
                where q.status = 'QUEUED' and (q.not_before is null or q.not_before <= now())
            ), picked as (
                select t.id from training_runs t join fair f on f.id = t.id
                where t.status = 'QUEUED' and (t.not_before is null or t.not_before <= now())
                order by f.turn, f.last_served nulls first, f.created_at, t.id
                limit :limit
                for update of t skip locked
            )
            update training_runs set status = 'RUNNING', started_at = clock_timestamp(),
                attempts = attempts + 1, error = null
            where id in (select id from picked)
            returning *
            """)
        .param("limit", limit)
        .query(this::map)
        .list();
  }

  @Override
  public boolean succeeded(
      UUID id, int modelVersion, Map<String, Double> metrics, long durationMs, double cost) {
    return jdbc.sql(
                """
            update training_runs set status = 'SUCCEEDED', model_version = :version,
                metrics = :metrics::jsonb, duration_ms = :duration, cost = :cost,
                finished_at = now(), error = null
            where id = :id and status = 'RUNNING'
            """)
            .param("id", id)
            .param("version", modelVersion)
            .param("metrics", json.writeValueAsString(metrics))
            .param("duration", durationMs)
            .param("cost", cost)
            .update()
        == 1;
  }

  @Override
  public boolean failed(UUID id, String error, long durationMs, double cost) {
    return jdbc.sql(
                """
                update training_runs set status = 'FAILED', error = :error,
                    duration_ms = :duration, cost = :cost, finished_at = now()
                where id = :id and status = 'RUNNING'
                """)
            .param("id", id)
            .param("error", error)
            .param("duration", durationMs)
            .param("cost", cost)
            .update()
        == 1;
  }

  @Override
  public boolean retry(UUID id, String error) {
    return jdbc.sql(
                """
                update training_runs set status = 'QUEUED', started_at = null, error = :error,
                    iterations = '[]'
                where id = :id and status = 'RUNNING'
                """)
            .param("id", id)
            .param("error", error)
            .update()
        == 1;
  }

  @Override
  public boolean appendIterations(UUID id, List<Iteration> iterations) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Iteration it : iterations) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("round", it.round());
      row.putAll(it.metrics());
      rows.add(row);
    }
    return jdbc.sql(
                "update training_runs set iterations = iterations || :rows::jsonb"
                    + " where id = :id and status = 'RUNNING'")
            .param("id", id)
            .param("rows", json.writeValueAsString(rows))
            .update()
        == 1;
  }

  @Override
  public boolean cancel(UUID id, String cancelledBy) {
    return jdbc.sql(
                """
                update training_runs set status = 'CANCELLED', cancelled_by = :by,
                    error = 'cancelled by ' || :by, finished_at = now(),
                    duration_ms = case when started_at is null then null
                        else (extract(epoch from now() - started_at) * 1000)::bigint end
                where id = :id and status in ('QUEUED', 'RUNNING')
                """)
            .param("id", id)
            .param("by", cancelledBy)
            .update()
        == 1;
  }

  @Override
  public void admitted(UUID id, String decisionId) {
    jdbc.sql(
            "update training_runs set admission_decision_id = coalesce(:decision, 'admitted')"
                + " where id = :id")
        .param("id", id)
        .param("decision", decisionId)
        .update();
  }

  @Override
  public boolean rejected(UUID id, List<String> reasons, String decisionId, long durationMs) {
    return jdbc.sql(
                """
                update training_runs set status = 'REJECTED', error = :error,
                    rejection_reasons = :reasons::jsonb, admission_decision_id = :decision,
                    duration_ms = :duration, finished_at = now()
                where id = :id and status = 'RUNNING'
                """)
            .param("id", id)
            .param("error", "rejected: " + String.join("; ", reasons))
            .param("reasons", json.writeValueAsString(reasons))
            .param("decision", decisionId)
            .param("duration", durationMs)
            .update()
        == 1;
  }

  @Override
  public boolean awaitAdmission(UUID id, String note, Duration delay) {
    return jdbc.sql(
                """
                update training_runs set status = 'QUEUED', started_at = null, error = :error,
                    attempts = greatest(attempts - 1, 0),
                    not_before = now() + make_interval(secs => :seconds)
                where id = :id and status = 'RUNNING'
                """)
            .param("id", id)
            .param("error", note)
            .param("seconds", delay.toMillis() / 1000.0)
            .update()
        == 1;
  }

  @Override
  public int requeueRunning(Collection<UUID> live) {
    if (live.isEmpty()) {
      return jdbc.sql(
              "update training_runs set status = 'QUEUED', started_at = null"
                  + " where status = 'RUNNING'")
          .update();
    }
    return jdbc.sql(
            "update training_runs set status = 'QUEUED', started_at = null"
                + " where status = 'RUNNING' and id not in (:live)")
        .param("live", List.copyOf(live))
        .update();
  }

  private TrainingRun map(ResultSet rs, int row) throws SQLException {
    String metrics = rs.getString("metrics");
    long duration = rs.getLong("duration_ms");
    boolean noDuration = rs.wasNull();
    double cost = rs.getDouble("cost");
    boolean noCost = rs.wasNull();
    int version = rs.getInt("model_version");
    boolean noVersion = rs.wasNull();
    String reasons = rs.getString("rejection_reasons");
    return new TrainingRun(
        rs.getObject("id", UUID.class),
        rs.getString("team"),
        rs.getString("request_id"),
        rs.getString("request_hash"),
        rs.getString("model_group"),
        rs.getString("dataset_id"),
        rs.getInt("dataset_version"),
        rs.getString("dataset_location"),
        json.readValue(rs.getString("dataset_tags"), TAGS),
        rs.getString("target"),
        rs.getString("objective"),
        json.readValue(rs.getString("hyperparameters"), PARAMS),
        rs.getString("trigger"),
        rs.getString("reason"),
        rs.getString("requested_by"),
        rs.getString("decision_id"),
        RunStatus.valueOf(rs.getString("status")),
        rs.getString("error"),
        noVersion ? null : version,
        metrics == null ? null : json.readValue(metrics, METRICS),
        rs.getInt("attempts"),
        noDuration ? null : duration,
        noCost ? null : cost,
        instant(rs.getTimestamp("created_at")),
        instant(rs.getTimestamp("started_at")),
        instant(rs.getTimestamp("finished_at")),
        iterations(rs.getString("iterations")),
        rs.getString("principal"),
        rs.getString("admission_decision_id"),
        reasons == null ? null : json.readValue(reasons, TAGS));
  }

  private List<Iteration> iterations(String stored) {
    List<Iteration> out = new ArrayList<>();
    for (LinkedHashMap<String, Double> row : json.readValue(stored, ROUNDS)) {
      int round = row.remove("round").intValue();
      out.add(new Iteration(round, row));
    }
    return out;
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }
}
