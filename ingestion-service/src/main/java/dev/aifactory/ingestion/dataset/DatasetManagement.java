package dev.aifactory.ingestion.dataset;

import dev.aifactory.common.events.DatasetVersionRegistered;
import dev.aifactory.common.events.SchemaChange;
import dev.aifactory.common.events.TrainingBinding;
import dev.aifactory.common.outbox.Outbox;
import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.ingestion.IngestionProperties;
import dev.aifactory.ingestion.catalog.CatalogEntry;
import dev.aifactory.ingestion.catalog.DataCatalog;
import dev.aifactory.ingestion.classification.Classifications;
import dev.aifactory.ingestion.classification.ColumnClassification;
import dev.aifactory.ingestion.classification.PiiClassifier;
import dev.aifactory.ingestion.classification.TagOverride;
import dev.aifactory.ingestion.classification.ValueSampler;
import dev.aifactory.ingestion.grants.DataAccessGrants;
import dev.aifactory.ingestion.quality.QualityRules;
import dev.aifactory.ingestion.quality.RuleEvaluation;
import dev.aifactory.ingestion.quality.Ruleset;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates datasets and registers their versions: stage, profile, check, store, record, announce.
 */
@Service
public class DatasetManagement {

  private static final List<String> WRITERS = List.of(Caller.DATA_ENGINEER, Caller.ML_ENGINEER);

  private final Datasets datasets;
  private final BlobStore blobs;
  private final Map<String, Profiler> profilers;
  private final QualityRules qualityRules;
  private final Classifications classifications;
  private final DataCatalog catalog;
  private final DataAccessGrants grants;
  private final Outbox outbox;
  private final TransactionTemplate tx;
  private final MeterRegistry meters;
  private final IngestionProperties properties;
  private final RegistrationLineage lineage;

  public DatasetManagement(
      Datasets datasets,
      BlobStore blobs,
      List<Profiler> profilers,
      QualityRules qualityRules,
      Classifications classifications,
      DataCatalog catalog,
      DataAccessGrants grants,
      Outbox outbox,
      PlatformTransactionManager transactions,
      MeterRegistry meters,
      IngestionProperties properties,
      ObjectProvider<RegistrationLineage> lineage) {
    this.datasets = datasets;
    this.blobs = blobs;
    this.profilers = new java.util.HashMap<>();
    profilers.forEach(p -> this.profilers.put(p.format(), p));
    this.qualityRules = qualityRules;
    this.classifications = classifications;
    this.catalog = catalog;
    this.grants = grants;
    this.outbox = outbox;
    this.tx = new TransactionTemplate(transactions);
    this.meters = meters;
    this.properties = properties;
    this.lineage = lineage.getIfAvailable(() -> RegistrationLineage.NONE);
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

  /**
   * Registers uploaded content; {@code content} is read once and not closed here. {@code format}
   * (may be null) is the caller's word for the format, {@code fileName} (may be null) the upload's
   * file name; see {@link DatasetFormat} for how the format is decided.
   */
  public Registration registerUpload(
      Caller caller, UUID id, Supplier<InputStream> content, String format, String fileName) {
    requireWriter(caller);
    Optional<DatasetFormat> requested = DatasetFormat.requested(format);
    Dataset dataset = get(caller, id);
    return register(caller, dataset, content, requested, fileName);
  }

  /**
   * Registers a server-side file, which must lie under one of the configured import roots, or an
   * {@code s3://bucket/key} object when the blob store is S3.
   */
  public Registration registerFromPath(Caller caller, UUID id, String path, String format) {
    requireWriter(caller);
    Optional<DatasetFormat> requested = DatasetFormat.requested(format);
    Dataset dataset = get(caller, id);
    if (path != null && path.startsWith("s3://")) {
      // Object stores are the blob store's business: the S3 store reads them, the local one
      // refuses.
      return register(
          caller,
          dataset,
          () -> blobs.open(path, properties.maxFileSize().toBytes()),
          requested,
          path);
    }
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
        },
        requested,
        path);
  }

  /** Registers and reports the run to lineage: START, then COMPLETE or FAIL. */
  private Registration register(
      Caller caller,
      Dataset dataset,
      Supplier<InputStream> content,
      Optional<DatasetFormat> requested,
      String fileName) {
    RegistrationLineage.Run run =
        new RegistrationLineage.Run(
            UUID.randomUUID(), dataset.team(), dataset.id(), dataset.name(), fileName, now());
    lineage.started(run);
    try {
      Registration registration = stageAndRecord(caller, dataset, content, requested, fileName);
      lineage.completed(run, registration.version());
      return registration;
    } catch (RuntimeException e) {
      lineage.failed(run, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      throw e;
    }
  }

  private Registration stageAndRecord(
      Caller caller,
      Dataset dataset,
      Supplier<InputStream> content,
      Optional<DatasetFormat> requested,
      String fileName) {
    BlobStore.Staged staged;
    try (InputStream in = content.get()) {
      staged = blobs.stage(in, properties.maxFileSize().toBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the uploaded content", e);
    }
    String location = null;
    try {
      if (staged.size() == 0) {
        throw ApiException.badRequest(
            "file", "The file is empty; upload a CSV with a header row, JSON Lines or Parquet");
      }
      var existing = datasets.findVersionByHash(dataset.id(), staged.sha256());
      if (existing.isPresent()) {
        return new Registration(existing.get(), false);
      }
      DatasetFormat format =
          requested
              .or(() -> DatasetFormat.byFileName(fileName))
              .orElseGet(() -> DatasetFormat.sniff(staged.file()));
      Profiler profiler = profilers.get(format.id());
      if (profiler == null) {
        throw ApiException.badRequest(
            "format", "The format " + format.id() + " cannot be read by this service");
      }
      Optional<Ruleset> ruleset = qualityRules.latest(dataset.id());
      RuleEvaluation evaluation =
          new RuleEvaluation(ruleset.map(Ruleset::rules).orElse(List.of()), properties.uniqueCap());
      ValueSampler sampler = new ValueSampler(properties.piiSampleSize());
      TableProfile profile;
      Timer.Sample profiling = Timer.start(meters);
      try {
        profile = profiler.profile(staged.file(), ValueObserver.of(List.of(evaluation, sampler)));
      } catch (InvalidContent e) {
        throw ApiException.badRequest("file", e.getMessage());
      } finally {
        // The profiling pass alone (without staging and storing), for the profiling benchmark.
        profiling.stop(
            Timer.builder("aifactory.ingestion.profile")
                .tag("team", dataset.team())
                .tag("format", format.id())
                .register(meters));
      }
      Quality quality =
          check(dataset.training(), profile)
              .withRules(ruleset.map(Ruleset::version).orElse(null), evaluation.results(profile));
      List<ColumnClassification> classification =
          new PiiClassifier(properties.piiMinConfidence())
              .classify(profile.columns().stream().map(ColumnProfile::name).toList(), sampler);
      location = blobs.store(dataset.id(), staged, format.id());
      Registration registration =
          record(caller, dataset, staged, location, format.id(), profile, quality, classification);
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
      String format,
      TableProfile profile,
      Quality quality,
      List<ColumnClassification> classification) {
    return tx.execute(
        status -> {
          datasets.lock(dataset.id());
          var raced = datasets.findVersionByHash(dataset.id(), staged.sha256());
          if (raced.isPresent()) {
            return new Registration(raced.get(), false);
          }
          int last = datasets.lastVersion(dataset.id());
          SchemaChange schemaChange =
              datasets
                  .findVersion(dataset.id(), last)
                  .map(p -> SchemaComparison.compare(last, p.columns(), profile.columns()))
                  .orElse(null);
          DatasetVersion version =
              new DatasetVersion(
                  dataset.id(),
                  last + 1,
                  staged.sha256(),
                  location,
                  format,
                  staged.size(),
                  profile.rowCount(),
                  quality.status(),
                  quality.reason(),
                  profile.columns(),
                  caller.subject(),
                  now(),
                  quality.rulesetVersion(),
                  quality.results(),
                  tags(dataset, classification, classifications.currentOverrides(dataset.id())),
                  schemaChange);
          datasets.addVersion(version);
          classifications.save(dataset.id(), version.version(), classification);
          CatalogEntry entry =
              new CatalogEntry(
                  dataset.team(),
                  dataset.id(),
                  dataset.name(),
                  version.version(),
                  location,
                  format,
                  version.contentHash(),
                  profile.columns().stream()
                      .map(c -> new CatalogEntry.Column(c.name(), c.type()))
                      .toList(),
                  version.rowCount(),
                  version.qualityStatus().name(),
                  version.tags());
          catalog.publish(entry);
          grants.label(entry);
          outbox.publish(
              new DatasetVersionRegistered(
                  dataset.team(),
                  dataset.id().toString(),
                  dataset.name(),
                  version.version(),
                  location,
                  format,
                  version.contentHash(),
                  profile.columns().stream().map(ColumnProfile::schema).toList(),
                  version.rowCount(),
                  version.qualityStatus().name(),
                  version.tags(),
                  profile.columns().stream().map(ColumnProfile::summary).toList(),
                  dataset.training(),
                  schemaChange));
          return new Registration(version, true);
        });
  }

  /**
   * The dataset's own tags, then each column's classification tags in force (a steward's override
   * replaces what was detected), so that models trained on the version inherit them.
   */
  static List<String> tags(
      Dataset dataset,
      List<ColumnClassification> classification,
      Map<String, TagOverride> overrides) {
    Set<String> tags = new LinkedHashSet<>(dataset.tags());
    for (ColumnClassification column : classification) {
      TagOverride override = overrides.get(column.column());
      tags.addAll(override == null ? column.tags() : override.tags());
    }
    return List.copyOf(tags);
  }

  /** The verdict of the built-in target check and of the dataset's quality rules together. */
  record Quality(
      QualityStatus status, String reason, Integer rulesetVersion, List<RuleResult> results) {

    Quality(QualityStatus status, String reason) {
      this(status, reason, null, List.of());
    }

    /** Any failing rule rejects the version; the reason names the failing rules. */
    Quality withRules(Integer rulesetVersion, List<RuleResult> results) {
      List<String> failed =
          results.stream().filter(r -> !r.passed()).map(RuleResult::rule).toList();
      if (failed.isEmpty()) {
        return new Quality(status, reason, rulesetVersion, results);
      }
      String rules = failed.size() + " quality rule(s) failed: " + String.join("; ", failed);
      return new Quality(
          QualityStatus.REJECTED_QUALITY,
          reason == null ? rules : reason + ". " + rules,
          rulesetVersion,
          results);
    }
  }

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
      // Refuse paths outside the roots before touching the file system, so the answer does not
      // reveal whether a file exists elsewhere; then check again after resolving links.
      if (properties.importRoots().stream()
          .noneMatch(root -> requested.normalize().startsWith(root.toAbsolutePath().normalize()))) {
        throw outsideRoots();
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
      throw outsideRoots();
    }
    if (!Files.isRegularFile(real)) {
      throw ApiException.badRequest("path", "'" + path + "' is not a regular file");
    }
    return real;
  }

  private ApiException outsideRoots() {
    return ApiException.badRequest(
        "path",
        "Files can only be imported from under "
            + properties.importRoots()
            + "; upload the file as multipart part 'file' instead");
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
    refuseService(caller, "change datasets");
    if (WRITERS.stream().noneMatch(caller::hasRole)) {
      throw ApiException.forbidden(
          "Changing datasets needs the role data-engineer, ml-engineer or admin");
    }
  }

  /**
   * Service callers (role {@code service}, acting for a team) only read: they check grants and read
   * versions for training. Every mutating route calls this first, so a leaked service token cannot
   * change a team's data even though it acts for the team.
   */
  public static void refuseService(Caller caller, String action) {
    if (caller.isService()) {
      throw ApiException.forbidden(
          "Service callers may only read; to "
              + action
              + " use a user's token with the right role");
    }
  }

  private static Instant now() {
    // PostgreSQL keeps microseconds; truncating keeps responses equal to what is read back.
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
