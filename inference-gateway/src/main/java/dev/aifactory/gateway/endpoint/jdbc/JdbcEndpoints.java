package dev.aifactory.gateway.endpoint.jdbc;

import dev.aifactory.common.events.FeatureSpec;
import dev.aifactory.gateway.endpoint.DeployedModel;
import dev.aifactory.gateway.endpoint.Endpoint;
import dev.aifactory.gateway.endpoint.EndpointManagement;
import dev.aifactory.gateway.endpoint.Endpoints;
import dev.aifactory.gateway.endpoint.ModelVersion;
import dev.aifactory.gateway.endpoint.Quota;
import dev.aifactory.gateway.endpoint.RolloutPlan;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

@Repository
class JdbcEndpoints implements Endpoints {

  private static final String SELECT =
      """
      select e.name, e.team, e.model_group, e.capture_sample_rate, e.created_by, e.created_at,
             e.updated_at, e.requests_per_second, e.burst, e.champion_rollout, e.champion_rollout_steps,
             e.champion_rollout_bake_seconds, e.public_endpoint, d.variant, d.backend, d.weight, d.shadow_sample_rate, d.backend_url, m.team as m_team,
             m.model_group as m_group, m.version, m.artifact_uri, m.objective, m.feature_schema
      from endpoints e
      left join deployments d on d.endpoint = e.name
      left join model_versions m
             on m.team = d.team and m.model_group = d.model_group and m.version = d.version
      """;

  private static final String INSTANT = "instant";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  JdbcEndpoints(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  public void create(Endpoint endpoint) {
    try {
      jdbc.sql(
              """
              insert into endpoints (name, team, model_group, capture_sample_rate, created_by,
                                     created_at, updated_at, requests_per_second, burst,
                                     champion_rollout, champion_rollout_steps,
                                     champion_rollout_bake_seconds, public_endpoint)
              values (:name, :team, :group, :rate, :by, :at, :at, :rps, :burst, :strategy, :steps,
                      :bake, :public)
              """)
          .param("name", endpoint.name())
          .param("team", endpoint.team())
          .param("group", endpoint.modelGroup())
          .param("rate", endpoint.captureSampleRate())
          .param("by", endpoint.createdBy())
          .param("at", Timestamp.from(endpoint.createdAt()))
          .param(
              "rps",
              endpoint.quota() == null ? null : endpoint.quota().requestsPerSecond(),
              Types.DOUBLE)
          .param("burst", endpoint.quota() == null ? null : endpoint.quota().burst(), Types.INTEGER)
          .param("strategy", strategy(endpoint.championRollout()))
          .param("steps", steps(endpoint.championRollout()), Types.VARCHAR)
          .param("bake", bake(endpoint.championRollout()), Types.BIGINT)
          .param("public", endpoint.publicEndpoint())
          .update();
    } catch (DuplicateKeyException e) {
      throw EndpointManagement.nameTaken(endpoint.name());
    }
  }

  @Override
  public Optional<Endpoint> find(String name) {
    return load(SELECT + " where e.name = :name order by d.variant", Map.of("name", name)).stream()
        .findFirst();
  }

  @Override
  public List<Endpoint> all() {
    return load(SELECT + " order by e.name, d.variant", Map.of());
  }

  @Override
  public List<Endpoint> page(String team, int page, int size) {
    List<String> names =
        jdbc.sql(
                "select name from endpoints where team = :team order by name"
                    + " limit :limit offset :offset")
            .param("team", team)
            .param("limit", size)
            .param("offset", (long) page * size)
            .query(String.class)
            .list();
    if (names.isEmpty()) {
      return List.of();
    }
    return load(
        SELECT + " where e.name in (:names) order by e.name, d.variant", Map.of("names", names));
  }

  @Override
  public long count(String team) {
    return jdbc.sql("select count(*) from endpoints where team = :team")
        .param("team", team)
        .query(Long.class)
        .single();
  }

  @Override
  public List<String> lockServing(String team, String modelGroup) {
    return jdbc.sql(
            "select name from endpoints where team = :team and model_group = :group"
                + " order by name for update")
        .param("team", team)
        .param("group", modelGroup)
        .query(String.class)
        .list();
  }

  @Override
  public void replaceDeployments(String endpoint, String team, List<DeployedModel> deployments) {
    jdbc.sql("delete from deployments where endpoint = :endpoint")
        .param("endpoint", endpoint)
        .update();
    for (DeployedModel d : deployments) {
      jdbc.sql(
              """
              insert into deployments (endpoint, variant, team, model_group, version, backend,
                                       weight, shadow_sample_rate, backend_url)
              values (:endpoint, :variant, :team, :group, :version, :backend, :weight, :shadow,
                      :url)
              """)
          .param("endpoint", endpoint)
          .param("variant", d.variant())
          .param("team", team)
          .param("group", d.model().modelGroup())
          .param("version", d.model().version())
          .param("backend", d.backend())
          .param("weight", d.weight())
          .param("shadow", d.shadowSampleRate(), Types.DOUBLE)
          .param("url", d.backendUrl(), Types.VARCHAR)
          .update();
    }
    jdbc.sql("update endpoints set updated_at = now() where name = :endpoint")
        .param("endpoint", endpoint)
        .update();
  }

  @Override
  public boolean lock(String endpoint) {
    return jdbc.sql("select name from endpoints where name = :endpoint for update")
        .param("endpoint", endpoint)
        .query(String.class)
        .optional()
        .isPresent();
  }

  @Override
  public void updateChampionRollout(String endpoint, RolloutPlan plan) {
    jdbc.sql(
            "update endpoints set champion_rollout = :strategy, champion_rollout_steps = :steps,"
                + " champion_rollout_bake_seconds = :bake, updated_at = now()"
                + " where name = :endpoint")
        .param("strategy", strategy(plan))
        .param("steps", steps(plan), Types.VARCHAR)
        .param("bake", bake(plan), Types.BIGINT)
        .param("endpoint", endpoint)
        .update();
  }

  private static String strategy(RolloutPlan plan) {
    return plan == null ? INSTANT : plan.strategy().wire();
  }

  private static String steps(RolloutPlan plan) {
    return plan == null
        ? null
        : String.join(",", plan.steps().stream().map(String::valueOf).toList());
  }

  private static Long bake(RolloutPlan plan) {
    return plan == null ? null : plan.bakeSeconds();
  }

  @Override
  public void updateQuota(String endpoint, Quota quota) {
    jdbc.sql(
            "update endpoints set requests_per_second = :rps, burst = :burst, updated_at = now()"
                + " where name = :endpoint")
        .param("rps", quota == null ? null : quota.requestsPerSecond(), Types.DOUBLE)
        .param("burst", quota == null ? null : quota.burst(), Types.INTEGER)
        .param("endpoint", endpoint)
        .update();
  }

  @Override
  public List<ModelVersion> deployedModels() {
    return jdbc.sql(
            """
            select distinct m.team as m_team, m.model_group as m_group, m.version, m.artifact_uri,
                   m.objective, m.feature_schema
            from deployments d
            join model_versions m
              on m.team = d.team and m.model_group = d.model_group and m.version = d.version
            """)
        .query((rs, n) -> modelVersion(rs))
        .list();
  }

  private List<Endpoint> load(String sql, Map<String, ?> params) {
    Map<String, Endpoint> byName = new LinkedHashMap<>();
    Map<String, List<DeployedModel>> deployments = new LinkedHashMap<>();
    JdbcClient.StatementSpec spec = jdbc.sql(sql);
    for (Map.Entry<String, ?> p : params.entrySet()) {
      spec = spec.param(p.getKey(), p.getValue());
    }
    spec.query(
        (ResultSet rs) -> {
          String name = rs.getString("name");
          byName.computeIfAbsent(name, n -> endpoint(rs));
          List<DeployedModel> list = deployments.computeIfAbsent(name, n -> new ArrayList<>());
          if (rs.getString("variant") != null && rs.getString("m_group") != null) {
            list.add(
                new DeployedModel(
                    rs.getString("variant"),
                    rs.getString("backend"),
                    rs.getDouble("weight"),
                    modelVersion(rs),
                    (Double) rs.getObject("shadow_sample_rate"),
                    rs.getString("backend_url")));
          }
        });
    List<Endpoint> result = new ArrayList<>();
    for (Endpoint e : byName.values()) {
      result.add(
          new Endpoint(
              e.name(),
              e.team(),
              e.modelGroup(),
              e.captureSampleRate(),
              e.createdBy(),
              deployments.get(e.name()),
              e.createdAt(),
              e.updatedAt(),
              e.quota(),
              e.championRollout(),
              e.publicEndpoint()));
    }
    return result;
  }

  private static Endpoint endpoint(ResultSet rs) {
    try {
      return new Endpoint(
          rs.getString("name"),
          rs.getString("team"),
          rs.getString("model_group"),
          rs.getDouble("capture_sample_rate"),
          rs.getString("created_by"),
          List.of(),
          rs.getObject("created_at", OffsetDateTime.class).toInstant(),
          rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
          quota(rs),
          championRollout(rs),
          rs.getBoolean("public_endpoint"));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RolloutPlan championRollout(ResultSet rs) throws SQLException {
    String strategy = rs.getString("champion_rollout");
    if (strategy == null || INSTANT.equals(strategy)) {
      return null;
    }
    String steps = rs.getString("champion_rollout_steps");
    long bake = rs.getLong("champion_rollout_bake_seconds");
    return new RolloutPlan(
        RolloutPlan.Strategy.fromWire(strategy),
        steps == null
            ? RolloutPlan.Strategy.fromWire(strategy).defaultSteps()
            : Arrays.stream(steps.split(",")).map(Integer::valueOf).toList(),
        rs.wasNull() ? RolloutPlan.DEFAULT_BAKE_SECONDS : bake);
  }

  private static Quota quota(ResultSet rs) throws SQLException {
    double rate = rs.getDouble("requests_per_second");
    if (rs.wasNull()) {
      return null;
    }
    return new Quota(rate, rs.getInt("burst"));
  }

  private ModelVersion modelVersion(ResultSet rs) throws SQLException {
    return new ModelVersion(
        rs.getString("m_team"),
        rs.getString("m_group"),
        rs.getInt("version"),
        rs.getString("artifact_uri"),
        rs.getString("objective"),
        schema(rs.getString("feature_schema")));
  }

  private List<FeatureSpec> schema(String text) {
    return List.of(json.readValue(text, FeatureSpec[].class));
  }
}
