package dev.aifactory.policy.approvals;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Rejects approval requests nobody resolved in time. Instances skip each other's rows. */
@Component
class ApprovalExpiry {

  private static final Logger log = LoggerFactory.getLogger(ApprovalExpiry.class);

  private final ApprovalManagement approvals;

  ApprovalExpiry(ApprovalManagement approvals) {
    this.approvals = approvals;
  }

  @Scheduled(fixedDelayString = "${aifactory.approvals.expiry-check:30s}")
  void expire() {
    int expired = approvals.expireDue();
    if (expired > 0) {
      log.info("Rejected {} expired approval request(s)", expired);
    }
  }
}
