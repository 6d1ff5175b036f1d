package dev.aifactory.training.registry.files;

import dev.aifactory.common.events.DriftBaseline;
import dev.aifactory.training.TrainingProperties;
import dev.aifactory.training.registry.ModelArtifacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Model files under {@code <data-dir>/models/<group>/v<version>/}: {@code model.ubj} (XGBoost's own
 * UBJSON format, which SageMaker's XGBoost container also reads) and {@code baseline.json}.
 */
@Component
class FileSystemModelArtifacts implements ModelArtifacts {

  private final Path root;
  private final JsonMapper json;

  FileSystemModelArtifacts(TrainingProperties properties, JsonMapper json) {
    this.root = properties.modelsDir().toAbsolutePath().normalize();
    this.json = json;
  }

  @Override
  public Stored store(String modelGroup, int version, byte[] model, DriftBaseline baseline) {
    Path dir = root.resolve(modelGroup).resolve("v" + version).normalize();
    if (!dir.startsWith(root)) {
      throw new IllegalArgumentException("model group name escapes the model store: " + modelGroup);
    }
    try {
      Files.createDirectories(dir);
      Path modelFile = write(dir.resolve("model.ubj"), model);
      Path baselineFile = write(dir.resolve("baseline.json"), json.writeValueAsBytes(baseline));
      return new Stored(
          modelFile.toUri().toString(), sha256(model), baselineFile.toUri().toString());
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the model files to " + dir, e);
    }
  }

  /** Write beside, then rename: a reader never sees a half-written file. */
  private static Path write(Path target, byte[] bytes) throws IOException {
    Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
    Files.write(temp, bytes);
    return Files.move(
        temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
