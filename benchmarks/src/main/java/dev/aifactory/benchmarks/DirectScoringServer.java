package dev.aifactory.benchmarks;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import tools.jackson.databind.json.JsonMapper;

/**
 * The baseline: the same model scored in-process behind the same HTTP server the gateway runs on
 * (embedded Tomcat, default settings), with the same JSON parsing (Jackson 3 into maps and lists,
 * then encoding by the feature schema) and the same booster settings ({@code nthread=1}, no lock),
 * but nothing else: no security, routing, metrics, tracing or capture. What the gateway adds on top
 * of this is its overhead.
 *
 * <p>Run as its own JVM by {@link GatewayOverheadBenchmark}: {@code DirectScoringServer <port>
 * <model.ubj>}. {@code POST /} with {@code {"instances": [[age, income, plan], ...]}} answers
 * {@code {"predictions": [...]}}; {@code GET /health} answers 200.
 */
public final class DirectScoringServer extends HttpServlet {

  private final transient Booster booster;
  private final transient JsonMapper json = JsonMapper.builder().build();
  private final Map<String, Integer> plans = new HashMap<>();

  private DirectScoringServer(Booster booster) {
    this.booster = booster;
    for (int i = 0; i < ChurnModel.PLANS.size(); i++) {
      plans.put(ChurnModel.PLANS.get(i), i);
    }
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    Booster booster = XGBoost.loadModel(args[1]);
    booster.setParam("nthread", 1);
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("direct-tomcat").toString());
    Connector connector = new Connector("HTTP/1.1");
    connector.setPort(port);
    connector.setProperty("address", "127.0.0.1");
    tomcat.getService().addConnector(connector);
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", null);
    Tomcat.addServlet(context, "score", new DirectScoringServer(booster));
    context.addServletMappingDecoded("/*", "score");
    tomcat.start();
    tomcat.getServer().await();
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setContentType("application/json");
    response.getWriter().write("{\"status\":\"UP\"}");
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Object body = json.readValue(request.getInputStream().readAllBytes(), Object.class);
    List<?> rows = (List<?>) ((Map<?, ?>) body).get("instances");
    int columns = ChurnModel.SCHEMA.size();
    float[] values = new float[rows.size() * columns];
    for (int r = 0; r < rows.size(); r++) {
      List<?> row = (List<?>) rows.get(r);
      values[r * columns] = ((Number) row.get(0)).floatValue();
      values[r * columns + 1] = ((Number) row.get(1)).floatValue();
      Integer plan = plans.get(String.valueOf(row.get(2)));
      values[r * columns + 2] = plan == null ? Float.NaN : plan;
    }
    double[] predictions = new double[rows.size()];
    try {
      // Scored as the gateway's local backend scores (no DMatrix per call).
      float[][] raw = booster.inplace_predict(values, rows.size(), columns, Float.NaN);
      for (int r = 0; r < raw.length; r++) {
        predictions[r] = raw[r][0];
      }
    } catch (XGBoostError e) {
      response.sendError(500, e.getMessage());
      return;
    }
    response.setContentType("application/json");
    response.getOutputStream().write(json.writeValueAsBytes(Map.of("predictions", predictions)));
  }
}
