package dev.aifactory.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 ({@code AWS4-HMAC-SHA256}) the way AWS does: rebuilds the
 * canonical request from what arrived (method, path, query, the signed headers, the body's SHA-256)
 * and recomputes the signature with the caller's secret. The signing key is derived per access key,
 * date, region and service and cached, as the SDKs do on their side.
 */
public final class SigV4Verifier {

  public static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final HexFormat HEX = HexFormat.of();

  /** What arrived: the raw path and query, header lookup (all values of a name) and the body. */
  public record SignedRequest(
      String method,
      String rawPath,
      String rawQuery,
      Function<String, List<String>> headers,
      byte[] body) {}

  /** Who signed, once the signature checked out. */
  public record Principal(String accessKeyId, String team, List<String> roles) {}

  public static final class Rejected extends RuntimeException {
    public Rejected(String message) {
      super(message);
    }
  }

  private final SigV4Properties properties;
  private final Clock clock;
  private final Map<String, byte[]> signingKeys = new ConcurrentHashMap<>();

  public SigV4Verifier(SigV4Properties properties, Clock clock) {
    this.properties = properties;
    this.clock = clock;
  }

  public Principal verify(String authorization, SignedRequest request) {
    Map<String, String> parts = parseAuthorization(authorization);
    String[] scope = parts.get("Credential").split("/");
    if (scope.length != 5 || !"aws4_request".equals(scope[4])) {
      throw new Rejected(
          "the Credential scope must be <key>/<date>/<region>/<service>/aws4_request");
    }
    String accessKeyId = scope[0];
    SigV4Properties.Credential credential = properties.credentials().get(accessKeyId);
    if (credential == null || credential.secret() == null) {
      throw new Rejected("unknown access key id '" + accessKeyId + "'");
    }
    String amzDate = first(request.headers().apply("x-amz-date"));
    if (amzDate == null) {
      throw new Rejected("the X-Amz-Date header is missing");
    }
    Instant signedAt;
    try {
      signedAt = Instant.from(AMZ_DATE.parse(amzDate));
    } catch (DateTimeParseException e) {
      throw new Rejected("X-Amz-Date is not yyyyMMdd'T'HHmmss'Z'");
    }
    Duration skew = Duration.between(signedAt, clock.instant()).abs();
    if (skew.compareTo(properties.maxClockSkew()) > 0) {
      throw new Rejected("the request was signed at " + signedAt + ", too far from now");
    }
    if (!amzDate.startsWith(scope[1])) {
      throw new Rejected("the Credential date does not match X-Amz-Date");
    }
    List<String> signedHeaders = List.of(parts.get("SignedHeaders").split(";"));
    if (!signedHeaders.contains("host") || !signedHeaders.contains("x-amz-date")) {
      throw new Rejected("host and x-amz-date must be signed");
    }
    String canonical = canonicalRequest(request, signedHeaders);
    String credentialScope = scope[1] + "/" + scope[2] + "/" + scope[3] + "/aws4_request";
    String stringToSign =
        ALGORITHM
            + "\n"
            + amzDate
            + "\n"
            + credentialScope
            + "\n"
            + sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
    byte[] key =
        signingKeys.computeIfAbsent(
            accessKeyId + "/" + credentialScope + "/" + credential.secret().hashCode(),
            k -> signingKey(credential.secret(), scope[1], scope[2], scope[3]));
    byte[] expected = hmac(key, stringToSign);
    byte[] given;
    try {
      given = HEX.parseHex(parts.get("Signature"));
    } catch (IllegalArgumentException e) {
      throw new Rejected("the Signature is not hex");
    }
    if (!MessageDigest.isEqual(expected, given)) {
      throw new Rejected(
          "the signature does not match; check the secret of access key '" + accessKeyId + "'");
    }
    return new Principal(accessKeyId, credential.team(), credential.roles());
  }

  private static String canonicalRequest(SignedRequest request, List<String> signedHeaders) {
    StringBuilder b = new StringBuilder();
    b.append(request.method()).append('\n');
    b.append(canonicalPath(request.rawPath())).append('\n');
    b.append(canonicalQuery(request.rawQuery())).append('\n');
    for (String name : signedHeaders) {
      List<String> values = request.headers().apply(name);
      List<String> trimmed = new ArrayList<>();
      if (values != null) {
        values.forEach(v -> trimmed.add(v.trim().replaceAll("\\s+", " ")));
      }
      b.append(name).append(':').append(String.join(",", trimmed)).append('\n');
    }
    b.append('\n').append(String.join(";", signedHeaders)).append('\n');
    String payloadHash = first(request.headers().apply("x-amz-content-sha256"));
    b.append(
        payloadHash != null && !payloadHash.startsWith("UNSIGNED")
            ? payloadHash
            : sha256Hex(request.body()));
    return b.toString();
  }

  /** Services other than S3 encode each path segment twice: once on the wire, once here. */
  private static String canonicalPath(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < rawPath.length(); i++) {
      char c = rawPath.charAt(i);
      if (c == '%') {
        b.append("%25");
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String> pairs = new ArrayList<>();
    for (String pair : rawQuery.split("&")) {
      pairs.add(pair.contains("=") ? pair : pair + "=");
    }
    pairs.sort(null);
    return String.join("&", pairs);
  }

  private static Map<String, String> parseAuthorization(String authorization) {
    if (authorization == null || !authorization.startsWith(ALGORITHM + " ")) {
      throw new Rejected("not an " + ALGORITHM + " authorization");
    }
    Map<String, String> parts = new java.util.HashMap<>();
    for (String item : authorization.substring(ALGORITHM.length() + 1).split(",")) {
      String[] kv = item.trim().split("=", 2);
      if (kv.length == 2) {
        parts.put(kv[0].trim(), kv[1].trim());
      }
    }
    for (String required : List.of("Credential", "SignedHeaders", "Signature")) {
      if (!parts.containsKey(required)) {
        throw new Rejected("the authorization has no " + required);
      }
    }
    return parts;
  }

  private static String first(List<String> values) {
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static byte[] signingKey(String secret, String date, String region, String service) {
    byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    k = hmac(k, region);
    k = hmac(k, service);
    return hmac(k, "aws4_request");
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256Hex(byte[] data) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
