package dev.aifactory.policy.approvals;

import dev.aifactory.common.web.PageRequest;
import dev.aifactory.policy.Paged;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Stored approval requests and their votes. */
public interface Approvals {

  /** Stores the request; false if one already exists for the model version. */
  boolean add(Approval approval);

  Optional<Approval> find(UUID id);

  /** The request, locked until the current transaction ends (votes are counted under the lock). */
  Optional<Approval> lock(UUID id);

  /** Newest first, of one team; {@code status} filters when given. */
  Paged<Approval> find(String team, Approval.Status status, PageRequest page);

  void addVote(UUID id, Approval.Vote vote);

  void resolve(UUID id, Approval.Status status, String resolution, Instant at);

  /** Pending requests that expired before {@code now}, locked, skipping ones locked elsewhere. */
  List<Approval> lockExpired(Instant now, int limit);
}
