package dev.aifactory.policy.loop;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Drives the loop's timed transitions (cooling down, back to idle). */
@Component
class LoopTicker {

  private final LoopStateMachine machine;

  LoopTicker(LoopStateMachine machine) {
    this.machine = machine;
  }

  @Scheduled(fixedDelayString = "${aifactory.loop.tick:5s}")
  void tick() {
    machine.tick();
  }
}
