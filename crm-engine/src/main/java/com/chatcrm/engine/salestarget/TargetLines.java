package com.chatcrm.engine.salestarget;

import com.chatcrm.engine.report.Yuan;
import java.util.List;

/**
 * 业绩目标 as lines of a card (chat's 本月业绩, the 日报): {@code - 赢单金额 30万 / 50万（60%）}, the person's name
 * first in a team's.
 */
public final class TargetLines {

  private TargetLines() {}

  /** Nothing when there are no targets; else a heading per period and one line per target. */
  public static String of(List<TargetProgress> progress, boolean withNames) {
    if (progress.isEmpty()) {
      return "";
    }
    StringBuilder md = new StringBuilder();
    String period = null;
    for (TargetProgress p : progress) {
      if (!p.period().label().equals(period)) {
        period = p.period().label();
        md.append("\n\n目标 · ").append(period);
      }
      md.append("\n- ");
      if (p.team()) {
        md.append(p.userName()).append("（团队）").append(" ");
      } else if (withNames) {
        md.append(p.userName()).append(" ");
      }
      md.append(p.metric().label())
          .append(" ")
          .append(figure(p, p.actual()))
          .append(" / ")
          .append(figure(p, p.target()))
          .append("（")
          .append(p.percent())
          .append("%）");
    }
    return md.toString();
  }

  private static String figure(TargetProgress p, java.math.BigDecimal v) {
    return p.metric().money() ? Yuan.format(v) : v.stripTrailingZeros().toPlainString();
  }
}
