package dev.aifactory.policy.loop;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.PageRequest;
import dev.aifactory.policy.Paged;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Decisions as callers see them: only their own team's. */
@Service
public class DecisionQueries {

  private final Decisions decisions;

  DecisionQueries(Decisions decisions) {
    this.decisions = decisions;
  }

  @Transactional(readOnly = true)
  public Paged<Decision> find(
      Caller caller, String subject, String attachmentPoint, PageRequest page) {
    return decisions.find(caller.team(), subject, attachmentPoint, page);
  }
}
