package dev.aifactory.gateway.hosting;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** SageMaker hostings and the worker's claims on them. */
public interface Hostings {

  /**
   * Stores a new hosting; a second in-flight hosting of the endpoint, or a second one with the same
   * idempotency key, is refused with {@link Conflict} (by unique indexes, so two instances cannot
   * both insert one).
   */
  void insert(Hosting hosting);

  Optional<Hosting> find(String endpoint, String id);

  Optional<Hosting> findByIdempotencyKey(String endpoint, String key);

  /** The endpoint's hosting in REQUESTED, CREATING or CANCELLING, if any. */
  Optional<Hosting> inFlight(String endpoint);

  /** True if a hosting of another gateway endpoint uses that SageMaker endpoint name. */
  boolean usedByAnotherEndpoint(String sageMakerEndpoint, String endpoint);

  /**
   * Moves the hosting to DELETING if it is in service or ended and no worker holds it; false
   * otherwise (nothing changed).
   */
  boolean requestDeletion(String endpoint, String id);

  /**
   * Moves the hosting to CANCELLING if it is REQUESTED or CREATING and no worker holds it; false
   * otherwise (nothing changed).
   */
  boolean requestCancel(String endpoint, String id);

  /** True if a hosting other than {@code id} of that SageMaker endpoint is not DELETED. */
  boolean otherLiveHosting(String sageMakerEndpoint, String id);

  /**
   * True if {@code id} is the newest hosting of that SageMaker endpoint that is not DELETED (a
   * deleted later one no longer owns the endpoint).
   */
  boolean newestOf(String sageMakerEndpoint, String id);

  /** The endpoint's hostings, newest first. */
  List<Hosting> page(String endpoint, int page, int size);

  long count(String endpoint);

  /**
   * Claims up to {@code limit} hostings with a step to run that no live worker holds, for {@code
   * lease}: rows are picked with {@code for update skip locked}, so two instances never claim the
   * same one, and a crashed worker's claim lapses.
   */
  List<Hosting> claimDue(String worker, Duration lease, int limit);

  /**
   * Saves a step's outcome and releases the claim, if {@code worker} still holds it; false when it
   * lost the claim (its lease ran out and another worker took over), so nothing was saved.
   */
  boolean update(Hosting hosting, String worker);

  /**
   * Releases the claim without changing the hosting (its step is tried again on a later tick, after
   * the hostings not looked at since).
   */
  void release(String id, String worker);

  /** A unique index refused the insert: {@code idempotencyKey} tells which. */
  final class Conflict extends RuntimeException {
    private final boolean idempotencyKey;

    public Conflict(boolean idempotencyKey, Throwable cause) {
      super(cause);
      this.idempotencyKey = idempotencyKey;
    }

    public boolean idempotencyKey() {
      return idempotencyKey;
    }
  }
}
