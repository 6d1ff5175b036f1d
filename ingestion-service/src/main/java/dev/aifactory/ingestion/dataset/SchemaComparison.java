package dev.aifactory.ingestion.dataset;

import dev.aifactory.common.events.SchemaChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Classifies how a version's columns differ from the previous version's. Columns are matched by
 * name; order does not matter, since every reader (training, Glue) selects columns by name.
 *
 * <ul>
 *   <li>{@code NONE}: same names, same types.
 *   <li>{@code COMPATIBLE}: only columns added. The text formats (CSV, JSON Lines) declare no
 *       nullability, so an added column is nullable for a reader of the old schema; a Parquet
 *       column declared {@code REQUIRED} is not, and adding one is breaking.
 *   <li>{@code BREAKING}: a column removed, renamed (one removed and one added at the same position
 *       with the same type) or of another type.
 * </ul>
 */
public final class SchemaComparison {

  public static final String NONE = "NONE";
  public static final String COMPATIBLE = "COMPATIBLE";
  public static final String BREAKING = "BREAKING";

  private SchemaComparison() {}

  public static SchemaChange compare(
      int previousVersion, List<ColumnProfile> previous, List<ColumnProfile> current) {
    Map<String, ColumnProfile> before = byName(previous);
    Map<String, ColumnProfile> after = byName(current);
    List<String> breaking = new ArrayList<>();
    List<String> compatible = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    for (ColumnProfile old : previous) {
      ColumnProfile now = after.get(old.name());
      if (now == null) {
        removed.add(old.name());
      } else if (!old.type().equals(now.type())) {
        breaking.add(
            "changed type of column '" + old.name() + "' from " + old.type() + " to " + now.type());
      }
    }
    List<String> added = new ArrayList<>();
    for (ColumnProfile now : current) {
      if (!before.containsKey(now.name())) {
        added.add(now.name());
      }
    }
    // A rename shows as a removal and an addition at the same position with the same type.
    for (String name : List.copyOf(removed)) {
      int position = indexOf(previous, name);
      if (position < current.size()) {
        ColumnProfile candidate = current.get(position);
        if (added.contains(candidate.name())
            && candidate.type().equals(previous.get(position).type())) {
          breaking.add("renamed column '" + name + "' to '" + candidate.name() + "'");
          removed.remove(name);
          added.remove(candidate.name());
        }
      }
    }
    removed.forEach(name -> breaking.add("removed column '" + name + "'"));
    for (String name : added) {
      ColumnProfile column = after.get(name);
      if (column.required()) {
        breaking.add("added required (non-nullable) column '" + name + "' (" + column.type() + ")");
      } else {
        compatible.add("added nullable column '" + name + "' (" + column.type() + ")");
      }
    }
    List<String> changes = new ArrayList<>(breaking);
    changes.addAll(compatible);
    String kind = !breaking.isEmpty() ? BREAKING : !compatible.isEmpty() ? COMPATIBLE : NONE;
    return new SchemaChange(previousVersion, kind, List.copyOf(changes));
  }

  private static Map<String, ColumnProfile> byName(List<ColumnProfile> columns) {
    Map<String, ColumnProfile> map = new LinkedHashMap<>();
    columns.forEach(c -> map.put(c.name(), c));
    return map;
  }

  private static int indexOf(List<ColumnProfile> columns, String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
