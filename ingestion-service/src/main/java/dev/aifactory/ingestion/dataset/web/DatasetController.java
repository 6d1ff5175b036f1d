package dev.aifactory.ingestion.dataset.web;

import dev.aifactory.common.security.Caller;
import dev.aifactory.common.web.ApiException;
import dev.aifactory.common.web.PageRequest;
import dev.aifactory.common.web.Problems;
import dev.aifactory.ingestion.dataset.ContentTooLarge;
import dev.aifactory.ingestion.dataset.DatasetManagement;
import dev.aifactory.ingestion.dataset.Registration;
import dev.aifactory.ingestion.dataset.web.DatasetRequests.CreateDataset;
import dev.aifactory.ingestion.dataset.web.DatasetRequests.ImportFile;
import dev.aifactory.ingestion.dataset.web.DatasetResponses.DatasetView;
import dev.aifactory.ingestion.dataset.web.DatasetResponses.PageView;
import dev.aifactory.ingestion.dataset.web.DatasetResponses.VersionView;
import dev.aifactory.ingestion.idempotency.IdempotentRequests;
import dev.aifactory.ingestion.idempotency.StoredResponse;
import jakarta.validation.Valid;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.json.JsonMapper;

/** Datasets of the caller's team and their versions. */
@RestController
@RequestMapping("/api/v1/datasets")
class DatasetController {

  private final DatasetManagement datasets;
  private final IdempotentRequests idempotent;
  private final JsonMapper json;

  DatasetController(DatasetManagement datasets, IdempotentRequests idempotent, JsonMapper json) {
    this.datasets = datasets;
    this.idempotent = idempotent;
    this.json = json;
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<?> create(
      @Valid @RequestBody CreateDataset body,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
      Caller caller) {
    if (idempotencyKey == null) {
      DatasetView created = DatasetView.of(datasets.create(caller, body.toNewDataset()));
      return ResponseEntity.created(URI.create(DatasetResponses.location(created.id())))
          .body(created);
    }
    datasets.requireWriter(caller);
    String requestHash = sha256(json.writeValueAsString(body));
    StoredResponse response =
        idempotent.once(
            caller.team(),
            idempotencyKey,
            requestHash,
            () -> {
              DatasetView created = DatasetView.of(datasets.create(caller, body.toNewDataset()));
              return new StoredResponse(
                  requestHash,
                  HttpStatus.CREATED.value(),
                  DatasetResponses.location(created.id()),
                  json.writeValueAsString(created));
            });
    return ResponseEntity.status(response.status())
        .location(URI.create(response.location()))
        .contentType(MediaType.APPLICATION_JSON)
        .body(response.body());
  }

  @GetMapping
  PageView<DatasetView> list(
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "20") int size,
      Caller caller) {
    PageRequest.check(page, size);
    return PageView.of(datasets.list(caller, page, size).map(DatasetView::of));
  }

  @GetMapping("/{id}")
  DatasetView get(@PathVariable UUID id, Caller caller) {
    return DatasetView.of(datasets.get(caller, id));
  }

  @PostMapping(path = "/{id}/versions", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  ResponseEntity<VersionView> upload(
      @PathVariable UUID id,
      @RequestPart(name = "file", required = false) MultipartFile file,
      @RequestParam(name = "format", required = false) String format,
      Caller caller) {
    Supplier<InputStream> content =
        () -> {
          if (file == null) {
            throw ApiException.badRequest(
                "file", "Send the data file as the multipart/form-data part 'file'");
          }
          try {
            return file.getInputStream();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        };
    return respond(
        datasets.registerUpload(
            caller, id, content, format, file == null ? null : file.getOriginalFilename()));
  }

  @PostMapping(path = "/{id}/versions", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<VersionView> importFile(
      @PathVariable UUID id, @RequestBody ImportFile body, Caller caller) {
    return respond(datasets.registerFromPath(caller, id, body.path(), body.format()));
  }

  @GetMapping("/{id}/versions")
  PageView<VersionView> versions(
      @PathVariable UUID id,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "20") int size,
      Caller caller) {
    PageRequest.check(page, size);
    return PageView.of(datasets.listVersions(caller, id, page, size).map(VersionView::summary));
  }

  @GetMapping("/{id}/versions/{version}")
  VersionView version(@PathVariable UUID id, @PathVariable int version, Caller caller) {
    return VersionView.full(datasets.getVersion(caller, id, version));
  }

  /** The version's full profile: what monitoring takes its baselines from. */
  @GetMapping("/{id}/versions/{version}/profile")
  DatasetResponses.ProfileView profile(
      @PathVariable UUID id, @PathVariable int version, Caller caller) {
    return DatasetResponses.ProfileView.of(datasets.getVersion(caller, id, version));
  }

  @ExceptionHandler(ContentTooLarge.class)
  ResponseEntity<ProblemDetail> tooLarge(ContentTooLarge e) {
    return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
        .body(
            Problems.of(
                HttpStatus.CONTENT_TOO_LARGE,
                "content-too-large",
                e.getMessage(),
                List.of(new ApiException.FieldProblem("file", e.getMessage()))));
  }

  private static ResponseEntity<VersionView> respond(Registration registration) {
    VersionView view = VersionView.full(registration.version());
    if (!registration.created()) {
      return ResponseEntity.ok(view);
    }
    return ResponseEntity.created(
            URI.create(DatasetResponses.location(view.datasetId(), view.version())))
        .body(view);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
