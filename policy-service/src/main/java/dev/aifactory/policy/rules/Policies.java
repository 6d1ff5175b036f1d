package dev.aifactory.policy.rules;

import java.util.List;
import java.util.Optional;

/** Stored policy versions. */
public interface Policies {

  /** The newest version of every policy. */
  List<Policy> current();

  Optional<Policy> current(String name);

  /** The newest version of every policy attached at {@code point}, whatever its scope. */
  List<Policy> current(AttachmentPoint point);

  /** Every version of the policy, newest first. */
  List<Policy> versions(String name);

  /**
   * Serializes policy changes until the current transaction ends, so two changes cannot both claim
   * one attachment point and scope.
   */
  void lockForChange();

  /** Stores a new version; fails if {@code version} already exists (a concurrent change). */
  void add(Policy policy);
}
