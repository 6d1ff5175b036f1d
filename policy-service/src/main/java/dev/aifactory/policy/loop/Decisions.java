package dev.aifactory.policy.loop;

import dev.aifactory.common.web.PageRequest;
import dev.aifactory.policy.Paged;
import java.util.List;

/** Stored decisions. */
public interface Decisions {

  void add(Decision decision);

  /** Newest first, of one team; {@code subject} and {@code attachmentPoint} filter when given. */
  Paged<Decision> find(String team, String subject, String attachmentPoint, PageRequest page);

  /** The newest {@code limit} decisions of a team at an attachment point, newest first. */
  List<Decision> recent(String team, String attachmentPoint, String subject, int limit);
}
