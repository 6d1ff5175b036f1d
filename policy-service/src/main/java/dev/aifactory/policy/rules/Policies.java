package dev.aifactory.policy.rules;

import java.util.List;
import java.util.Optional;

/** Stored policy versions. */
public interface Policies {

  /** The newest version of every policy. */
  List<Policy> current();

  Optional<Policy> current(String name);

  /** Every version of the policy, newest first. */
  List<Policy> versions(String name);

  /** Stores a new version; fails if {@code version} already exists (a concurrent change). */
  void add(Policy policy);
}
