package dev.aifactory.dashboard.pages;

import dev.aifactory.dashboard.DashboardProperties;
import dev.aifactory.dashboard.login.DashboardUser;
import dev.aifactory.dashboard.pages.Charts.Chart;
import dev.aifactory.dashboard.pages.Charts.Series;
import dev.aifactory.dashboard.services.ApiFailure;
import dev.aifactory.dashboard.services.IngestionApi;
import dev.aifactory.dashboard.services.IngestionApi.Bin;
import dev.aifactory.dashboard.services.IngestionApi.Classification;
import dev.aifactory.dashboard.services.IngestionApi.Column;
import dev.aifactory.dashboard.services.IngestionApi.Dataset;
import dev.aifactory.dashboard.services.IngestionApi.DatasetVersion;
import dev.aifactory.dashboard.services.IngestionApi.QualityResults;
import dev.aifactory.dashboard.services.Page;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;

/**
 * Datasets → versions (with schema changes) → profile with a histogram per numeric column and the
 * quality rules' results; the classification tags of a dataset with the steward's confirm/override.
 */
@Controller
class DatasetPages {

  private final IngestionApi ingestion;
  private final Fanout fanout;
  private final Charts charts;
  private final DataSize maxUpload;

  DatasetPages(
      IngestionApi ingestion, Fanout fanout, Charts charts, DashboardProperties properties) {
    this.ingestion = ingestion;
    this.fanout = fanout;
    this.charts = charts;
    this.maxUpload = properties.maxUploadSize();
  }

  @GetMapping("/datasets")
  String datasets(@AuthenticationPrincipal DashboardUser user, Model model) {
    return datasetsPage(user, model, Map.of(), Map.of());
  }

  private String datasetsPage(
      DashboardUser user, Model model, Map<String, String> form, Map<String, String> fieldErrors) {
    model.addAttribute("nav", "datasets");
    model.addAttribute("datasets", Section.of(() -> ingestion.datasets(user.accessToken())));
    model.addAttribute("form", form);
    model.addAttribute("fieldErrors", fieldErrors);
    return "datasets";
  }

  /**
   * A data-engineer creates a dataset, optionally bound to a model group it trains, then grants
   * their team READ on it: training reads a dataset as {@code team:<team>} and is refused without
   * that grant. Ingestion's validation problems are shown next to the fields they name.
   */
  @PostMapping("/datasets")
  String createDataset(
      @RequestParam Map<String, String> params,
      @AuthenticationPrincipal DashboardUser user,
      Model model,
      RedirectAttributes redirect) {
    if (!user.canSteward()) {
      throw new AccessDeniedException("creating a dataset needs the data-engineer role");
    }
    Map<String, String> form = new LinkedHashMap<>();
    for (String field : NEW_DATASET_FIELDS) {
      form.put(field, params.getOrDefault(field, "").strip());
    }
    form.put("autoTrain", String.valueOf(params.containsKey("autoTrain")));
    boolean trains =
        !(form.get("modelGroup").isEmpty()
            && form.get("target").isEmpty()
            && form.get("objective").isEmpty());
    IngestionApi.NewDataset body =
        new IngestionApi.NewDataset(
            form.get("name"),
            blankToNull(form.get("description")),
            tagList(form.get("tags")),
            trains
                ? new IngestionApi.Training(
                    blankToNull(form.get("modelGroup")),
                    blankToNull(form.get("target")),
                    blankToNull(form.get("objective")),
                    params.containsKey("autoTrain"))
                : null);
    Dataset created;
    try {
      created = ingestion.createDataset(user.accessToken(), body);
    } catch (ApiFailure e) {
      model.addAttribute("error", "The dataset was not created. " + e.getMessage());
      return datasetsPage(user, model, form, placed(e, NEW_DATASET_FIELDS));
    }
    String principal = "team:" + user.team();
    try {
      ingestion.grantRead(user.accessToken(), principal, created.id());
      redirect.addFlashAttribute(
          "info",
          "Created dataset "
              + created.name()
              + " and granted "
              + principal
              + " READ on it, so training can read its versions.");
    } catch (ApiFailure e) {
      redirect.addFlashAttribute(
          "error",
          "Created dataset "
              + created.name()
              + ", but the READ grant for "
              + principal
              + " failed, so training cannot read it yet: "
              + e.getMessage());
    }
    return "redirect:/datasets/" + UriUtils.encodePathSegment(created.id(), "UTF-8");
  }

  static final List<String> NEW_DATASET_FIELDS =
      List.of("name", "description", "tags", "modelGroup", "target", "objective");

  /**
   * The problem's field errors keyed by the form's field: {@code training.objective} is the
   * objective field, {@code tags[0]} the tags field; the rest stay in the page's error sentence.
   */
  static Map<String, String> placed(ApiFailure failure, List<String> fields) {
    Map<String, String> out = new LinkedHashMap<>();
    for (ApiFailure.FieldError f : failure.fieldErrors()) {
      if (f.field() == null) {
        continue;
      }
      String field = f.field().replaceAll("\\[\\d*]", "");
      field = field.substring(field.lastIndexOf('.') + 1);
      if (fields.contains(field)) {
        out.merge(field, f.message(), (a, b) -> a + "; " + b);
      }
    }
    return out;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /**
   * A data-engineer uploads a file as the dataset's next version. The servlet container keeps the
   * part on disk, not in memory, and it is streamed on to ingestion from there.
   */
  @PostMapping(path = "/datasets/{id}/versions", consumes = "multipart/form-data")
  String upload(
      @PathVariable String id,
      @RequestParam(name = "file", required = false) MultipartFile file,
      @AuthenticationPrincipal DashboardUser user,
      RedirectAttributes redirect) {
    if (!user.canSteward()) {
      throw new AccessDeniedException("uploading a dataset version needs the data-engineer role");
    }
    String back = "redirect:/datasets/" + UriUtils.encodePathSegment(id, "UTF-8") + "#upload";
    if (file == null || file.isEmpty()) {
      redirect.addFlashAttribute(
          "error", "No version was uploaded: choose a CSV, JSON Lines or Parquet file.");
      return back;
    }
    if (file.getSize() > maxUpload.toBytes()) {
      redirect.addFlashAttribute("error", tooLarge(maxUpload));
      return back;
    }
    try {
      DatasetVersion v = ingestion.uploadVersion(user.accessToken(), id, file.getResource());
      redirect.addFlashAttribute(
          "info",
          "Uploaded "
              + file.getOriginalFilename()
              + " as version "
              + v.version()
              + ": quality "
              + v.qualityStatus()
              + (v.schemaChange() == null ? "" : ", schema change " + v.schemaChange().kind())
              + ".");
      return "redirect:/datasets/"
          + UriUtils.encodePathSegment(id, "UTF-8")
          + "/versions/"
          + v.version();
    } catch (ApiFailure e) {
      redirect.addFlashAttribute(
          "error",
          "The file " + file.getOriginalFilename() + " was not registered. " + e.getMessage());
      return back;
    }
  }

  private static String size(DataSize max) {
    long bytes = max.toBytes();
    if (bytes >= 1024L * 1024 && bytes % (1024L * 1024) == 0) {
      return max.toMegabytes() + " MB";
    }
    return bytes % 1024 == 0 ? max.toKilobytes() + " KB" : bytes + " bytes";
  }

  static String tooLarge(DataSize max) {
    return "No version was uploaded: the file is larger than the "
        + size(max)
        + " the dashboard accepts (aifactory.dashboard.max-upload-size). Import larger files"
        + " at ingestion from a path or S3 object instead.";
  }

  @GetMapping("/datasets/{id}")
  String dataset(
      @PathVariable String id, @AuthenticationPrincipal DashboardUser user, Model model) {
    String token = user.accessToken();
    CompletableFuture<Section<Page<DatasetVersion>>> versions =
        fanout.start(() -> ingestion.versions(token, id));
    CompletableFuture<Section<Classification>> classification =
        fanout.optional("Classification", () -> ingestion.classification(token, id));
    Dataset dataset = ingestion.dataset(token, id);
    model.addAttribute("nav", "datasets");
    model.addAttribute("dataset", dataset);
    model.addAttribute("maxUpload", size(maxUpload));
    model.addAttribute("versions", versions.join());
    model.addAttribute("classification", classification.join());
    return "dataset";
  }

  /**
   * A steward confirms the detected tags of a column, or overrides them with others; the reason is
   * required (ingestion keeps it in the audit history).
   */
  @PostMapping("/datasets/{id}/classification/{column}")
  String decideTags(
      @PathVariable String id,
      @PathVariable String column,
      @RequestParam String action,
      @RequestParam(required = false) String tags,
      @RequestParam(required = false) String detected,
      @RequestParam(required = false) String reason,
      @AuthenticationPrincipal DashboardUser user,
      RedirectAttributes redirect) {
    if (!user.canSteward()) {
      throw new AccessDeniedException("classification decisions need the data-engineer role");
    }
    String target =
        "redirect:/datasets/" + UriUtils.encodePathSegment(id, "UTF-8") + "#classification";
    if (reason == null || reason.isBlank()) {
      redirect.addFlashAttribute(
          "error",
          "The tags of "
              + column
              + " were not changed: say why (the reason is kept in the audit"
              + " history).");
      return target;
    }
    List<String> decided = tagList("confirm".equals(action) ? detected : tags);
    try {
      ingestion.decideTags(user.accessToken(), id, column, decided, reason.strip());
      redirect.addFlashAttribute(
          "info",
          ("confirm".equals(action) ? "Confirmed" : "Set")
              + " the tags of "
              + column
              + ": "
              + (decided.isEmpty() ? "none" : String.join(", ", decided))
              + ".");
    } catch (ApiFailure e) {
      redirect.addFlashAttribute(
          "error", "The tags of " + column + " were not changed. " + e.getMessage());
    }
    return target;
  }

  static List<String> tagList(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return java.util.Arrays.stream(text.split("[,\\s]+"))
        .map(String::strip)
        .filter(t -> !t.isEmpty())
        .distinct()
        .toList();
  }

  @GetMapping("/datasets/{id}/versions/{version}")
  String version(
      @PathVariable String id,
      @PathVariable int version,
      @AuthenticationPrincipal DashboardUser user,
      Model model) {
    String token = user.accessToken();
    CompletableFuture<Section<Dataset>> dataset = fanout.start(() -> ingestion.dataset(token, id));
    CompletableFuture<Section<QualityResults>> quality =
        fanout.optional("Quality rule results", () -> ingestion.qualityResults(token, id, version));
    DatasetVersion profile = ingestion.version(token, id, version);
    Map<String, Charts.ChartView> histograms = new LinkedHashMap<>();
    for (Column c : profile.columns() == null ? List.<Column>of() : profile.columns()) {
      if (c.histogram() != null && !c.histogram().isEmpty()) {
        histograms.put(c.name(), charts.view(histogram(c)));
      }
    }
    model.addAttribute("nav", "datasets");
    model.addAttribute("dataset", dataset.join());
    model.addAttribute("profile", profile);
    model.addAttribute("histograms", histograms);
    model.addAttribute("quality", quality.join());
    return "dataset-version";
  }

  static Chart histogram(Column column) {
    List<Bin> bins = column.histogram();
    return new Chart(
        "bar",
        "Distribution of " + column.name(),
        column.name() + " (value range of the bin)",
        "Rows (count)",
        bins.stream().map(b -> number(b.lower()) + " – " + number(b.upper())).toList(),
        List.of(new Series("Rows", bins.stream().map(b -> (double) b.count()).toList())));
  }

  private static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e9) {
      return String.valueOf((long) value);
    }
    return String.format(Locale.ROOT, "%.3g", value);
  }
}
