package dev.aifactory.ingestion;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Ingestion settings.
 *
 * @param dataDir shared local data directory; datasets live under {@code datasets/}
 * @param importRoots directories from which server-side files may be imported by path
 * @param maxFileSize largest accepted dataset file, for uploads and path imports alike
 * @param distinctCap distinct values counted exactly per column; beyond it counts are lower bounds
 */
@ConfigurationProperties("aifactory.ingestion")
public record IngestionProperties(
    Path dataDir,
    List<Path> importRoots,
    @DefaultValue("512MB") DataSize maxFileSize,
    @DefaultValue("10000") int distinctCap) {}
