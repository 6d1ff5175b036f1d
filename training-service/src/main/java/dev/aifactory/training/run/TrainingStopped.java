package dev.aifactory.training.run;

/** The launcher stopped because the run's progress said so (cancellation or timeout). */
public class TrainingStopped extends RuntimeException {

  public TrainingStopped(int round) {
    super("training stopped after round " + round);
  }

  public TrainingStopped(String message) {
    super(message);
  }
}
