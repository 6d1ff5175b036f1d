package dev.aifactory.training.run;

/** Training could not produce a model; the message tells the run's owner why. */
public class TrainingFailure extends RuntimeException {

  public TrainingFailure(String message) {
    super(message);
  }

  public TrainingFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
