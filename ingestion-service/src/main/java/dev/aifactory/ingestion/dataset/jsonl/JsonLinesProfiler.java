package dev.aifactory.ingestion.dataset.jsonl;

import dev.aifactory.ingestion.IngestionProperties;
import dev.aifactory.ingestion.dataset.InvalidContent;
import dev.aifactory.ingestion.dataset.Profiler;
import dev.aifactory.ingestion.dataset.TableProfile;
import dev.aifactory.ingestion.dataset.ValueObserver;
import dev.aifactory.ingestion.dataset.profile.ColumnAccumulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Profiles JSON Lines (one JSON object per line, UTF-8) in one streaming pass, one line in memory
 * at a time. Columns are the objects' top-level keys in order of first appearance; a key missing
 * from a line is a null there (also on the lines before the key first appeared). Numbers and
 * numeric strings are numeric, everything else categorical: booleans as {@code true}/{@code false},
 * nested objects and arrays as their JSON text. Blank lines are skipped.
 */
@Component
class JsonLinesProfiler implements Profiler {

  private final JsonMapper json;
  private final int distinctCap;

  @Autowired
  JsonLinesProfiler(IngestionProperties properties, JsonMapper json) {
    this(properties.distinctCap(), json);
  }

  JsonLinesProfiler(int distinctCap, JsonMapper json) {
    this.distinctCap = distinctCap;
    this.json = json;
  }

  @Override
  public String format() {
    return "jsonl";
  }

  @Override
  public TableProfile profile(Path file, ValueObserver observer) {
    Map<String, ColumnAccumulator> columns = new LinkedHashMap<>();
    long rows = 0;
    long lineNumber = 0;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      Set<String> seen = new HashSet<>();
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (lineNumber == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = json.readTree(line);
        } catch (JacksonException e) {
          throw new InvalidContent(
              "Line " + lineNumber + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
          throw new InvalidContent(
              "Line "
                  + lineNumber
                  + " is not a JSON object; JSON Lines datasets need one object per line");
        }
        seen.clear();
        for (Map.Entry<String, JsonNode> property : node.properties()) {
          String name = property.getKey();
          if (name.isBlank()) {
            throw new InvalidContent("Line " + lineNumber + " has a key with a blank name");
          }
          ColumnAccumulator column = columns.get(name);
          if (column == null) {
            column = new ColumnAccumulator(name, distinctCap, observer);
            column.addNulls(rows);
            columns.put(name, column);
          }
          seen.add(name);
          column.add(text(property.getValue()));
        }
        for (ColumnAccumulator column : columns.values()) {
          if (!seen.contains(column.name())) {
            column.add(null);
          }
        }
        rows++;
      }
    } catch (CharacterCodingException e) {
      throw new InvalidContent(
          "Line " + (lineNumber + 1) + " is not valid UTF-8; JSON Lines must be UTF-8");
    } catch (IOException e) {
      throw new InvalidContent("The file cannot be read as JSON Lines: " + e.getMessage());
    }
    if (rows == 0) {
      throw new InvalidContent("The file has no JSON objects; a version needs at least one row");
    }
    if (columns.isEmpty()) {
      throw new InvalidContent("The file's objects have no keys; a version needs columns");
    }
    List<ColumnAccumulator> ordered = new ArrayList<>(columns.values());
    return new TableProfile(rows, ordered.stream().map(ColumnAccumulator::profile).toList());
  }

  private static String text(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isValueNode()) {
      return value.asString();
    }
    return value.toString();
  }
}
