package dev.aifactory.ingestion.dataset.profile;

import dev.aifactory.ingestion.dataset.InvalidContent;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Column names every format must give: present, non-blank and unique. */
public final class Headers {

  private Headers() {}

  /**
   * @throws InvalidContent naming the first blank or repeated name
   */
  public static void check(List<String> names) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (name == null || name.isBlank()) {
        throw new InvalidContent("Header column " + (i + 1) + " has a blank name");
      }
      if (!seen.add(name)) {
        throw new InvalidContent("Header column name '" + name + "' appears more than once");
      }
    }
  }
}
