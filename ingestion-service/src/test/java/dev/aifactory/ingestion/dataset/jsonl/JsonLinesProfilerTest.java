package dev.aifactory.ingestion.dataset.jsonl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aifactory.ingestion.dataset.ColumnProfile;
import dev.aifactory.ingestion.dataset.InvalidContent;
import dev.aifactory.ingestion.dataset.TableProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class JsonLinesProfilerTest {

  @TempDir Path dir;
  private final JsonLinesProfiler profiler =
      new JsonLinesProfiler(10_000, JsonMapper.builder().build());

  private TableProfile profile(String text) throws IOException {
    return profile(text.getBytes(StandardCharsets.UTF_8));
  }

  private TableProfile profile(byte[] bytes) throws IOException {
    return profiler.profile(Files.write(dir.resolve("data.jsonl"), bytes));
  }

  @Test
  void infersColumnsAndTypesFromTheObjectsKeysInOrderOfFirstAppearance() throws IOException {
    TableProfile p =
        profile(
            """
            {"age": 34, "plan": "free", "active": true}
            {"age": "51", "plan": "pro", "active": false, "tags": ["a", "b"]}

            {"age": null, "plan": "pro", "active": true, "tags": {"k": 1}}
            """);

    assertThat(p.rowCount()).isEqualTo(3);
    assertThat(p.columns())
        .extracting(ColumnProfile::name)
        .containsExactly("age", "plan", "active", "tags");
    ColumnProfile age = p.column("age").orElseThrow();
    assertThat(age.type()).isEqualTo("numeric");
    assertThat(age.count()).isEqualTo(2);
    assertThat(age.nulls()).isEqualTo(1);
    assertThat(age.mean()).isEqualTo(42.5);
    assertThat(p.column("plan").orElseThrow().topValues().get(0))
        .isEqualTo(new ColumnProfile.ValueCount("pro", 2));
    assertThat(p.column("active").orElseThrow().type()).isEqualTo("categorical");
    ColumnProfile tags = p.column("tags").orElseThrow();
    assertThat(tags.type()).isEqualTo("categorical");
    assertThat(tags.nulls()).as("missing on the line before the key appeared").isEqualTo(1);
    assertThat(tags.topValues())
        .extracting(ColumnProfile.ValueCount::value)
        .containsExactlyInAnyOrder("[\"a\",\"b\"]", "{\"k\":1}");
  }

  @Test
  void rejectsALineThatIsNotJsonNamingItsLineNumber() {
    assertThatThrownBy(() -> profile("{\"a\": 1}\n{\"a\": 2}\n{\"a\": 3,\n{\"a\": 4}\n"))
        .isInstanceOf(InvalidContent.class)
        .hasMessageStartingWith("Line 3 is not valid JSON");
  }

  @Test
  void rejectsALineThatIsNotAnObject() {
    assertThatThrownBy(() -> profile("{\"a\": 1}\n[1, 2]\n"))
        .isInstanceOf(InvalidContent.class)
        .hasMessageStartingWith("Line 2 is not a JSON object");
  }

  @Test
  void rejectsInvalidUtf8() {
    byte[] bytes = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'};
    assertThatThrownBy(() -> profile(bytes))
        .isInstanceOf(InvalidContent.class)
        .hasMessageContaining("not valid UTF-8");
  }

  @Test
  void rejectsAFileWithoutObjects() {
    assertThatThrownBy(() -> profile("\n  \n"))
        .isInstanceOf(InvalidContent.class)
        .hasMessageContaining("no JSON objects");
  }
}
