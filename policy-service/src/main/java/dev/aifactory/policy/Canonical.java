package dev.aifactory.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * Canonical JSON (maps with sorted keys, no whitespace) and SHA-256 digests of it, so that equal
 * content always hashes equally: decision inputs and audit details are digested this way.
 */
public final class Canonical {

  private final JsonMapper json;

  public Canonical(JsonMapper json) {
    this.json = json;
  }

  public String json(Object value) {
    return json.writeValueAsString(sorted(value));
  }

  public static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  private static Object sorted(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new TreeMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), sorted(v)));
      return copy;
    }
    if (value instanceof Collection<?> list) {
      var copy = new ArrayList<>(list.size());
      list.forEach(v -> copy.add(sorted(v)));
      return copy;
    }
    return value;
  }
}
