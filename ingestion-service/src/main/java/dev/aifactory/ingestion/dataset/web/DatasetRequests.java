package dev.aifactory.ingestion.dataset.web;

import dev.aifactory.common.events.TrainingBinding;
import dev.aifactory.ingestion.dataset.NewDataset;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Request bodies of the dataset API. */
final class DatasetRequests {

  static final String NAME = "[a-z0-9][a-z0-9-_.]{0,62}";
  static final String NAME_MESSAGE =
      "must be 1-63 characters of a-z, 0-9, '-', '_' or '.', starting with a letter or digit";

  private DatasetRequests() {}

  record CreateDataset(
      @NotNull @Pattern(regexp = NAME, message = NAME_MESSAGE) String name,
      @Size(max = 2000) String description,
      @Size(max = 50) List<@NotBlank @Size(max = 100) String> tags,
      @Valid Training training) {

    NewDataset toNewDataset() {
      return new NewDataset(
          name,
          description,
          tags == null ? List.of() : tags,
          training == null ? null : training.binding());
    }
  }

  record Training(
      @NotNull @Pattern(regexp = NAME, message = NAME_MESSAGE) String modelGroup,
      @NotBlank @Size(max = 200) String target,
      @NotNull
          @Pattern(
              regexp = "binary|multiclass|regression",
              message = "must be 'binary', 'multiclass' or 'regression'")
          String objective,
      Boolean autoTrain) {

    TrainingBinding binding() {
      return new TrainingBinding(modelGroup, target, objective, Boolean.TRUE.equals(autoTrain));
    }
  }

  /**
   * Import of a file already on the server, under one of the configured import roots, or of an S3
   * object; {@code format} ({@code csv}, {@code jsonl}, {@code parquet}) is optional.
   */
  record ImportFile(String path, String format) {}
}
