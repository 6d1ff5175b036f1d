package dev.aifactory.monitoring.window;

/** Life of a window: open while captures arrive, then closed exactly once. */
public enum WindowStatus {
  /** Accepting captures until its end plus the allowed lateness has passed. */
  OPEN,
  /** Closed with latency, error and drift statistics; events were published. */
  EVALUATED,
  /** Closed with fewer captures than the minimum: latency and errors only, no drift, no event. */
  INSUFFICIENT_DATA
}
