package dev.aifactory.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.aifactory.common.events.DriftBaseline;
import dev.aifactory.common.events.FeatureSpec;
import dev.aifactory.common.events.ModelAliasMoved;
import dev.aifactory.common.testing.TestJwts;
import dev.aifactory.training.registry.ModelRegistry;
import dev.aifactory.training.registry.NewModelVersion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

class ChampionConcurrencyIT extends TrainingIntegrationTest {

  private static final int THREADS = 20;

  @Autowired ModelRegistry registry;

  private void registerVersions(String group, int n) {
    for (int i = 0; i < n; i++) {
      registry.register(
          new NewModelVersion(
              "growth",
              group,
              UUID.randomUUID(),
              "ds-1",
              1,
              "binary",
              "churned",
              "manual",
              List.of(),
              new byte[] {1, 2, 3},
              Map.of("auc", 0.9),
              List.of(new FeatureSpec("x", "numeric", null)),
              new DriftBaseline(List.of(), null),
              Map.of(),
              null,
              "ana",
              null,
              null));
    }
  }

  private void race(List<Callable<Object>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Object>> futures = new ArrayList<>();
      for (Callable<Object> task : tasks) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.call();
                }));
      }
      start.countDown();
      for (Future<Object> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private List<ModelAliasMoved> aliasEvents(String group) {
    return jdbc
        .sql("select payload from outbox where message_key = :g and event_type = :t order by seq")
        .param("g", group)
        .param("t", "dev.aifactory.model.alias-moved.v1")
        .query(String.class)
        .list()
        .stream()
        .map(p -> json.readValue(p, ModelAliasMoved.class))
        .toList();
  }

  private static void assertChain(List<ModelAliasMoved> events) {
    Integer previous = null;
    for (ModelAliasMoved e : events) {
      assertThat(e.fromVersion())
          .as("each move starts where the last one ended")
          .isEqualTo(previous);
      previous = e.toVersion();
    }
  }

  @Test
  void concurrentApprovalsLeaveTheNewestVersionAsTheOnlyChampion() throws Exception {
    String group = unique("race");
    registerVersions(group, THREADS);
    List<Integer> versions = new ArrayList<>();
    for (int v = 1; v <= THREADS; v++) {
      versions.add(v);
    }
    Collections.shuffle(versions);
    List<Callable<Object>> tasks = new ArrayList<>();
    for (int v : versions) {
      tasks.add(
          () -> {
            registry.approved("growth", group, v, "d-" + v);
            return null;
          });
    }

    race(tasks);

    assertThat(count("select count(*) from model_aliases where model_group = ?", group)).isOne();
    assertThat(registry.group("growth", group).aliases())
        .containsExactly(Map.entry("champion", 20));
    List<ModelAliasMoved> events = aliasEvents(group);
    assertChain(events);
    assertThat(events.get(events.size() - 1).toVersion()).isEqualTo(20);
    assertThat(events).extracting(ModelAliasMoved::toVersion).isSorted();
  }

  @Test
  void concurrentManualMovesLeaveExactlyOneChampionAndAConsistentHistory() throws Exception {
    String group = unique("manual-race");
    registerVersions(group, 5);
    for (int v = 1; v <= 5; v++) {
      jdbc.sql("update model_versions set status = 'APPROVED' where model_group = :g")
          .param("g", group)
          .update();
    }
    List<Callable<Object>> tasks = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      int version = 1 + i % 5;
      tasks.add(() -> registry.setAlias("growth", group, "champion", version));
    }

    race(tasks);

    assertThat(count("select count(*) from model_aliases where model_group = ?", group)).isOne();
    List<ModelAliasMoved> events = aliasEvents(group);
    assertChain(events);
    assertThat(registry.group("growth", group).aliases().get("champion"))
        .isEqualTo(events.get(events.size() - 1).toVersion());
  }

  @Test
  void concurrentPutAliasRequestsLeaveExactlyOneChampionAndAConsistentHistory() throws Exception {
    String group = unique("http-race");
    registerVersions(group, 5);
    jdbc.sql("update model_versions set status = 'APPROVED' where model_group = :g")
        .param("g", group)
        .update();
    String engineer = TestJwts.bearer("ana", "growth", "ml-engineer");
    List<Callable<Object>> tasks = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      int version = 1 + i % 5;
      tasks.add(
          () ->
              mvc.perform(
                      put("/api/v1/model-groups/" + group + "/aliases/champion")
                          .header("Authorization", engineer)
                          .contentType(MediaType.APPLICATION_JSON)
                          .content("{\"version\":" + version + "}"))
                  .andExpect(status().isOk())
                  .andReturn());
    }

    race(tasks);

    assertThat(count("select count(*) from model_aliases where model_group = ?", group)).isOne();
    List<ModelAliasMoved> events = aliasEvents(group);
    assertThat(events).isNotEmpty();
    assertChain(events);
    int champion = registry.group("growth", group).aliases().get("champion");
    assertThat(champion).isEqualTo(events.get(events.size() - 1).toVersion());
    mvc.perform(get("/api/v1/model-groups/" + group).header("Authorization", engineer))
        .andExpect(jsonPath("$.aliases.champion").value(champion));
  }
}
