package com.chatcrm.bench;

import java.util.Locale;

/** Number formats used throughout the report, so every table reads the same. */
public final class BenchFormat {

  private BenchFormat() {}

  public static String ms(double ms) {
    if (ms >= 100) {
      return String.format(Locale.ROOT, "%,.0f ms", ms);
    }
    return String.format(Locale.ROOT, ms >= 10 ? "%.1f ms" : "%.2f ms", ms);
  }

  public static String seconds(double s) {
    return String.format(Locale.ROOT, "%.1f s", s);
  }

  public static String rate(double perSecond, String unit) {
    return String.format(Locale.ROOT, "%,.0f %s", perSecond, unit);
  }

  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  public static String ratio(double r) {
    return String.format(Locale.ROOT, "%.2f×", r);
  }

  public static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
  }

  public static String mib(long bytes) {
    return String.format(Locale.ROOT, "%,.0f MiB", bytes / 1024.0 / 1024.0);
  }
}
