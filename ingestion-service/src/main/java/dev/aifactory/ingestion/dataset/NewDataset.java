package dev.aifactory.ingestion.dataset;

import dev.aifactory.common.events.TrainingBinding;
import java.util.List;

/** What a caller asks to create; already validated for shape by the web layer. */
public record NewDataset(
    String name, String description, List<String> tags, TrainingBinding training) {}
