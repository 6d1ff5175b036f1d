package dev.aifactory.ingestion.dataset;

import dev.aifactory.common.events.DatasetVersionRegistered;
import dev.aifactory.common.events.TrainingBinding;
import dev.aifactory.common.outbox.Outbox;
import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.ingestion.IngestionProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates datasets and registers their versions: stage, profile, check, store, record, announce.
 */
@Service
public class DatasetManagement {

  static final String FORMAT = "csv";
  private static final List<String> WRITERS = List.of(Caller.DATA_ENGINEER, Caller.ML_ENGINEER);

  private final Datasets datasets;
  private final BlobStore blobs;
  private final Profiler profiler;
  private final Outbox outbox;
  private final TransactionTemplate tx;
  private final MeterRegistry meters;
  private final IngestionProperties properties;

  public DatasetManagement(
      Datasets datasets,
      BlobStore blobs,
      Profiler profiler,
      Outbox outbox,
      PlatformTransactionManager transactions,
      MeterRegistry meters,
      IngestionProperties properties) {
    this.datasets = datasets;
    this.blobs = blobs;
    this.profiler = profiler;
    this.outbox = outbox;
    this.tx = new TransactionTemplate(transactions);
    this.meters = meters;
    this.properties = properties;
  }

  @Transactional
  public Dataset create(Caller caller, NewDataset request) {
    requireWriter(caller);
    Dataset dataset =
        new Dataset(
            UUID.randomUUID(),
            caller.team(),
            request.name(),
            request.description(),
            request.tags(),
            request.training(),
            caller.subject(),
            now());
    if (!datasets.add(dataset)) {
      throw ApiException.conflict(
          "Your team already has a dataset named '"
              + request.name()
              + "'; pick another name or upload a new version to the existing one");
    }
    return dataset;
  }

  public Dataset get(Caller caller, UUID id) {
    requireTeam(caller);
    return datasets
        .find(caller.team(), id)
        .orElseThrow(() -> ApiException.notFound("Dataset", id.toString()));
  }

  public Page<Dataset> list(Caller caller, int page, int size) {
    requireTeam(caller);
    return datasets.list(caller.team(), page, size);
  }

  public Page<DatasetVersion> listVersions(Caller caller, UUID id, int page, int size) {
    Dataset dataset = get(caller, id);
    return datasets.listVersions(dataset.id(), page, size);
  }

  public DatasetVersion getVersion(Caller caller, UUID id, int version) {
    Dataset dataset = get(caller, id);
    return datasets
        .findVersion(dataset.id(), version)
        .orElseThrow(() -> ApiException.notFound("Dataset version", id + "/" + version));
  }

  /** Registers uploaded content; {@code content} is read once and not closed here. */
  public Registration registerUpload(Caller caller, UUID id, Supplier<InputStream> content) {
    requireWriter(caller);
    Dataset dataset = get(caller, id);
    return register(caller, dataset, content);
  }

  /** Registers a server-side file, which must lie under one of the configured import roots. */
  public Registration registerFromPath(Caller caller, UUID id, String path) {
    requireWriter(caller);
    Dataset dataset = get(caller, id);
    Path file = importable(path);
    return register(
        caller,
        dataset,
        () -> {
          try {
            return Files.newInputStream(file);
          } catch (IOException e) {
            throw ApiException.badRequest("path", "The file cannot be read: " + e.getMessage());
          }
        });
  }

  private Registration register(Caller caller, Dataset dataset, Supplier<InputStream> content) {
    BlobStore.Staged staged;
    try (InputStream in = content.get()) {
      staged = blobs.stage(in, properties.maxFileSize().toBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the uploaded content", e);
    }
    String location = null;
    try {
      if (staged.size() == 0) {
        throw ApiException.badRequest("file", "The file is empty; upload a CSV with a header row");
      }
      var existing = datasets.findVersionByHash(dataset.id(), staged.sha256());
      if (existing.isPresent()) {
        return new Registration(existing.get(), false);
      }
      TableProfile profile;
      try {
        profile = profiler.profile(staged.file());
      } catch (InvalidContent e) {
        throw ApiException.badRequest("file", e.getMessage());
      }
      Quality quality = check(dataset.training(), profile);
      location = blobs.store(dataset.id(), staged, FORMAT);
      Registration registration = record(caller, dataset, staged, location, profile, quality);
      if (registration.created()) {
        Counter.builder("aifactory.ingestion.versions.registered")
            .tag("team", dataset.team())
            .register(meters)
            .increment();
        DistributionSummary.builder("aifactory.ingestion.rows")
            .baseUnit("rows")
            .tag("team", dataset.team())
            .register(meters)
            .record(profile.rowCount());
      }
      return registration;
    } catch (RuntimeException e) {
      // Stored content stays only if a committed version points at it (same bytes raced in).
      if (location != null && datasets.findVersionByHash(dataset.id(), staged.sha256()).isEmpty()) {
        blobs.delete(location);
      }
      throw e;
    } finally {
      blobs.discard(staged);
    }
  }

  private Registration record(
      Caller caller,
      Dataset dataset,
      BlobStore.Staged staged,
      String location,
      TableProfile profile,
      Quality quality) {
    return tx.execute(
        status -> {
          datasets.lock(dataset.id());
          var raced = datasets.findVersionByHash(dataset.id(), staged.sha256());
          if (raced.isPresent()) {
            return new Registration(raced.get(), false);
          }
          DatasetVersion version =
              new DatasetVersion(
                  dataset.id(),
                  datasets.lastVersion(dataset.id()) + 1,
                  staged.sha256(),
                  location,
                  FORMAT,
                  staged.size(),
                  profile.rowCount(),
                  quality.status(),
                  quality.reason(),
                  profile.columns(),
                  caller.subject(),
                  now());
          datasets.addVersion(version);
          outbox.publish(
              new DatasetVersionRegistered(
                  dataset.team(),
                  dataset.id().toString(),
                  dataset.name(),
                  version.version(),
                  location,
                  FORMAT,
                  version.contentHash(),
                  profile.columns().stream().map(ColumnProfile::schema).toList(),
                  version.rowCount(),
                  version.qualityStatus().name(),
                  dataset.tags(),
                  profile.columns().stream().map(ColumnProfile::summary).toList(),
                  dataset.training()));
          return new Registration(version, true);
        });
  }

  record Quality(QualityStatus status, String reason) {}

  /**
   * Structural problems of the training binding are the caller's error (400); a target that is
   * mostly missing is a data-quality verdict recorded on the version.
   */
  static Quality check(TrainingBinding training, TableProfile profile) {
    if (training == null || training.target() == null) {
      return new Quality(QualityStatus.PASSED, null);
    }
    ColumnProfile target =
        profile
            .column(training.target())
            .orElseThrow(
                () ->
                    ApiException.badRequest(
                        "training.target",
                        "The training target column '"
                            + training.target()
                            + "' is not in the file; its columns are "
                            + profile.columns().stream().map(ColumnProfile::name).toList()));
    if ("regression".equals(training.objective()) && !target.numeric()) {
      throw ApiException.badRequest(
          "training.target",
          "The training target column '"
              + target.name()
              + "' must be numeric for a regression objective, but it has non-numeric values");
    }
    if (target.nulls() * 2 > profile.rowCount()) {
      return new Quality(
          QualityStatus.REJECTED_QUALITY,
          "The training target column '"
              + target.name()
              + "' is missing in "
              + target.nulls()
              + " of "
              + profile.rowCount()
              + " rows (more than half)");
    }
    return new Quality(QualityStatus.PASSED, null);
  }

  private Path importable(String path) {
    if (path == null || path.isBlank()) {
      throw ApiException.badRequest("path", "Give the absolute path of a CSV file to import");
    }
    Path real;
    try {
      Path requested = Path.of(path);
      if (!requested.isAbsolute()) {
        throw ApiException.badRequest("path", "The path must be absolute");
      }
      real = requested.toRealPath();
    } catch (InvalidPathException | NoSuchFileException e) {
      throw ApiException.badRequest("path", "No file exists at '" + path + "'");
    } catch (IOException e) {
      throw ApiException.badRequest("path", "The path cannot be resolved: " + e.getMessage());
    }
    boolean allowed =
        properties.importRoots().stream()
            .map(DatasetManagement::realOrNull)
            .anyMatch(root -> root != null && real.startsWith(root));
    if (!allowed) {
      throw ApiException.badRequest(
          "path",
          "Files can only be imported from under "
              + properties.importRoots()
              + "; upload the file as multipart part 'file' instead");
    }
    if (!Files.isRegularFile(real)) {
      throw ApiException.badRequest("path", "'" + path + "' is not a regular file");
    }
    return real;
  }

  private static Path realOrNull(Path root) {
    try {
      return root.toRealPath();
    } catch (IOException e) {
      return null;
    }
  }

  private static void requireTeam(Caller caller) {
    if (caller.team() == null || caller.team().isBlank()) {
      throw ApiException.forbidden("Your token carries no team; datasets always belong to one");
    }
  }

  /** Fails unless the caller may change its team's datasets. */
  public void requireWriter(Caller caller) {
    requireTeam(caller);
    if (WRITERS.stream().noneMatch(caller::hasRole)) {
      throw ApiException.forbidden(
          "Changing datasets needs the role data-engineer, ml-engineer or admin");
    }
  }

  private static Instant now() {
    // PostgreSQL keeps microseconds; truncating keeps responses equal to what is read back.
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
