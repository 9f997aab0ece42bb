package com.chatcrm.bench;

/**
 * One reported number with its target.
 *
 * @param value as printed, with its unit ("12.3 ms", "4,512 req/s", "0.84×")
 * @param target the target as printed ("≤ 20 ms"), or empty when the figure is informative
 *     only
 * @param met whether the target holds; null when there is no target
 */
public record Figure(String name, String value, String target, Boolean met) {

  public static Figure info(String name, String value) {
    return new Figure(name, value, "", null);
  }

  public static Figure target(String name, String value, String target, boolean met) {
    return new Figure(name, value, target, met);
  }
}
