package dev.aifactory.ingestion.classification;

import java.util.regex.Pattern;

/**
 * Kinds of personal data the classifier recognizes, each by column name and by value. Value checks
 * are strict on purpose (checksums, separators) so that ordinary ids and amounts rarely match; the
 * name check catches columns whose values are already masked or hashed.
 */
public enum PiiKind {
  EMAIL("email", "(^|_)(e_?mail|mail|email_?address)($|_)"),
  PHONE("phone", "phone|mobile|msisdn|(^|_)(tel|telephone|fax)($|_)"),
  CARD("card", "credit_?card|card_?(number|no|num|nr)|(^|_)(cc_?(number|num|no)|pan)($|_)"),
  IBAN("iban", "(^|_)iban($|_)"),
  NATIONAL_ID(
      "national-id",
      "(^|_)(ssn|nino|nid|social_?security(_?number)?|national_?id|tax_?id|passport(_?number)?)"
          + "($|_)"),
  IP_ADDRESS("ip-address", "(^|_)(ip|ipv4|ipv6|ip_?address|remote_?addr)($|_)");

  private static final Pattern EMAIL_VALUE =
      Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
  // A phone number is told from a plain number by a leading + or 00, or by separators.
  private static final Pattern PHONE_VALUE = Pattern.compile("(\\+|00)?\\(?\\d[\\d ().-]{5,18}\\d");
  private static final Pattern CARD_VALUE = Pattern.compile("\\d{4}([ -]?\\d{2,4}){2,4}");
  private static final Pattern IBAN_VALUE = Pattern.compile("[A-Z]{2}\\d{2}[A-Z0-9]{11,30}");
  // US SSN, dashed: area 000, 666 and 9xx, group 00 and serial 0000 are never issued.
  private static final Pattern SSN_VALUE =
      Pattern.compile("(?!000|666|9\\d\\d)\\d{3}-(?!00)\\d{2}-(?!0000)\\d{4}");
  private static final Pattern IPV4_VALUE =
      Pattern.compile(
          "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");

  private final String tagSuffix;
  private final Pattern name;

  PiiKind(String tagSuffix, String name) {
    this.tagSuffix = tagSuffix;
    this.name = Pattern.compile(name);
  }

  /** The kind's name in tags and detections, e.g. {@code national-id}. */
  public String id() {
    return tagSuffix;
  }

  /** The kind's tag, {@code pii:<kind>}. */
  public String tag() {
    return "pii:" + tagSuffix;
  }

  /** Whether a column name says it holds this kind (case and separators ignored). */
  public boolean matchesName(String column) {
    String normalized = column.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    return name.matcher(normalized).find();
  }

  /** Whether one value is of this kind. */
  public boolean matchesValue(String value) {
    switch (this) {
      case EMAIL:
        return EMAIL_VALUE.matcher(value).matches();
      case PHONE:
        return phone(value);
      case CARD:
        return CARD_VALUE.matcher(value).matches() && luhn(value.replaceAll("[ -]", ""));
      case IBAN:
        return iban(value);
      case NATIONAL_ID:
        return SSN_VALUE.matcher(value).matches();
      default:
        return IPV4_VALUE.matcher(value).matches() || ipv6(value);
    }
  }

  private static boolean phone(String value) {
    if (!PHONE_VALUE.matcher(value).matches()) {
      return false;
    }
    long digits = value.chars().filter(Character::isDigit).count();
    // A dot alone does not mark a phone number: decimals and IPv4 addresses have one.
    boolean marked =
        value.startsWith("+")
            || value.startsWith("00")
            || value.chars().anyMatch(c -> c == ' ' || c == '-' || c == '(');
    return digits >= 7
        && digits <= 15
        && marked
        && !looksLikeDate(value)
        && !SSN_VALUE.matcher(value).matches();
  }

  private static boolean looksLikeDate(String value) {
    return value.matches("\\d{4}-\\d{2}-\\d{2}.*|\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4}");
  }

  /** The Luhn checksum of payment card numbers. */
  static boolean luhn(String digits) {
    if (digits.length() < 13 || digits.length() > 19) {
      return false;
    }
    int sum = 0;
    boolean twice = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  }

  /** ISO 13616: move the first four characters to the end, letters to numbers, mod 97 is 1. */
  static boolean iban(String value) {
    String compact = value.replace(" ", "").toUpperCase(java.util.Locale.ROOT);
    if (!IBAN_VALUE.matcher(compact).matches()) {
      return false;
    }
    String rearranged = compact.substring(4) + compact.substring(0, 4);
    int remainder = 0;
    for (int i = 0; i < rearranged.length(); i++) {
      int n = Character.getNumericValue(rearranged.charAt(i));
      remainder = (n > 9 ? remainder * 100 + n : remainder * 10 + n) % 97;
    }
    return remainder == 1;
  }

  /** RFC 4291 text form: eight hex groups, one {@code ::} for zeros, optional trailing IPv4. */
  static boolean ipv6(String value) {
    if (value.indexOf(':') < 0 || value.length() > 45) {
      return false;
    }
    int compressed = value.indexOf("::");
    if (compressed >= 0 && value.indexOf("::", compressed + 1) >= 0) {
      return false;
    }
    String[] groups = value.split(":", -1);
    int count = 0;
    for (int i = 0; i < groups.length; i++) {
      String g = groups[i];
      if (g.isEmpty()) {
        // Empty groups only where "::" stands (at most two adjacent, or at either end).
        if (compressed < 0) {
          return false;
        }
        continue;
      }
      if (i == groups.length - 1 && g.contains(".")) {
        if (!IPV4_VALUE.matcher(g).matches()) {
          return false;
        }
        count += 2;
      } else if (HEX_GROUP.matcher(g).matches()) {
        count++;
      } else {
        return false;
      }
    }
    return compressed >= 0 ? count < 8 : count == 8;
  }
}
