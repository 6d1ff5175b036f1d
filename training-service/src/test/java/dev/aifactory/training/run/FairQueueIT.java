package dev.aifactory.training.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aifactory.training.TrainingIntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The queue hands runs out fairly across teams, first come first served within a team. */
class FairQueueIT extends TrainingIntegrationTest {

  @Autowired TrainingRuns runs;
  @Autowired PlatformTransactionManager transactions;

  private UUID queue(String team, int secondsAfterNow) {
    UUID id = UUID.randomUUID();
    runs.create(
        id,
        new TrainingRunSpec(
            team,
            UUID.randomUUID().toString(),
            null,
            "fair-" + team,
            "ds",
            1,
            "file:///nowhere.csv",
            List.of(),
            "y",
            "binary",
            Map.of(),
            "manual",
            null,
            "test",
            null),
        RunStatus.QUEUED,
        null);
    jdbc.sql(
            "update training_runs set created_at = now() + make_interval(secs => :s) where id = :id")
        .param("s", secondsAfterNow)
        .param("id", id)
        .update();
    return id;
  }

  /** The next two runs the queue hands out, of these teams. */
  private List<UUID> claim(String... teams) {
    List<String> ours = List.of(teams);
    return runs.claimQueued(2).stream()
        .filter(r -> ours.contains(r.team()))
        .map(TrainingRun::id)
        .toList();
  }

  @Test
  void aTeamsBurstDoesNotMakeAnotherTeamWaitBehindIt() {
    String busy = unique("busy");
    String quiet = unique("quiet");
    // Uncommitted rows are invisible to the running dispatcher: only this claim sees them.
    new TransactionTemplate(transactions)
        .executeWithoutResult(
            tx -> {
              UUID b1 = queue(busy, 1);
              UUID b2 = queue(busy, 2);
              UUID b3 = queue(busy, 3);
              UUID b4 = queue(busy, 4);
              UUID q1 = queue(quiet, 10);
              UUID q2 = queue(quiet, 11);

              assertThat(claim(busy, quiet)).containsExactlyInAnyOrder(b1, q1);
              assertThat(claim(busy, quiet)).containsExactlyInAnyOrder(b2, q2);
              assertThat(claim(busy, quiet)).containsExactlyInAnyOrder(b3, b4);
              tx.setRollbackOnly();
            });
  }

  /** The one run a single free worker gets next, after finishing {@code previous}. */
  private UUID next(UUID previous) {
    if (previous != null) {
      jdbc.sql("update training_runs set status = 'SUCCEEDED', finished_at = now() where id = :id")
          .param("id", previous)
          .update();
    }
    return runs.claimQueued(1).get(0).id();
  }

  @Test
  void withOneWorkerTwoTeamsTakeTurnsWhateverTheirQueueLengths() {
    String busy = unique("busy");
    String quiet = unique("quiet");
    new TransactionTemplate(transactions)
        .executeWithoutResult(
            tx -> {
              // Only these runs compete in this (rolled back) transaction.
              jdbc.sql("update training_runs set status = 'CANCELLED' where status = 'QUEUED'")
                  .update();
              UUID b1 = queue(busy, 1);
              UUID b2 = queue(busy, 2);
              UUID b3 = queue(busy, 3);
              UUID b4 = queue(busy, 4);
              UUID q1 = queue(quiet, 10);
              UUID q2 = queue(quiet, 11);

              UUID first = next(null);
              UUID second = next(first);
              UUID third = next(second);
              UUID fourth = next(third);
              UUID fifth = next(fourth);
              UUID sixth = next(fifth);

              assertThat(List.of(first, second, third, fourth, fifth, sixth))
                  .containsExactly(b1, q1, b2, q2, b3, b4);
              tx.setRollbackOnly();
            });
  }
}
