package dev.aifactory.ingestion.dataset.profile;

/** What counts as a number in a text cell: plain decimal notation only. */
public final class Numbers {

  private Numbers() {}

  /**
   * True for {@code [+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?}. Double.parseDouble would also accept
   * "NaN", "Infinity", "1d" and hex; a hand-written scan instead of a regex because it runs for
   * every cell of every numeric column.
   */
  public static boolean isNumber(String s) {
    int i = 0;
    int n = s.length();
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    int digits = 0;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
      digits++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int exponent = 0;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        exponent++;
      }
      if (exponent == 0) {
        return false;
      }
    }
    return i == n;
  }

  private static final double[] POWERS_OF_TEN = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = p;
      p *= 10;
    }
  }

  /**
   * The value of a cell that {@link #isNumber} accepts, or NaN for any other text (a number cell is
   * never NaN: "NaN" is not a number here). Plain decimals with at most 15 significant digits and
   * no exponent take Clinger's fast path: the digits as a long, divided by an exactly representable
   * power of ten, which is one correctly rounded operation and so equals {@link
   * Double#parseDouble}; anything else goes to {@code parseDouble}.
   */
  public static double parse(String s) {
    int n = s.length();
    int i = 0;
    boolean negative = false;
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      negative = s.charAt(i) == '-';
      i++;
    }
    long mantissa = 0;
    int digits = 0;
    int fraction = -1;
    boolean anyDigit = false;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        anyDigit = true;
        if (digits < 18) {
          mantissa = mantissa * 10 + (c - '0');
        }
        if (mantissa != 0 || digits > 0) {
          digits++;
        }
        if (fraction >= 0) {
          fraction++;
        }
      } else if (c == '.' && fraction < 0) {
        fraction = 0;
      } else {
        break;
      }
    }
    if (i == n && digits <= 15 && (fraction <= 0 || fraction < POWERS_OF_TEN.length)) {
      if (!anyDigit) {
        return Double.NaN;
      }
      double value = fraction > 0 ? mantissa / POWERS_OF_TEN[fraction] : (double) mantissa;
      return negative ? -value : value;
    }
    return isNumber(s) ? Double.parseDouble(s) : Double.NaN;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
