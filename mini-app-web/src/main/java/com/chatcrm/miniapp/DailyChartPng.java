package com.chatcrm.miniapp;

import com.chatcrm.engine.report.ActivitySummaryService.DayCount;
import com.chatcrm.engine.report.DailyChartService.DailyChart;
import com.chatcrm.engine.report.PipelineFigures;
import com.chatcrm.engine.report.PipelineScope;
import com.chatcrm.engine.report.PipelineStageLine;
import com.chatcrm.engine.report.Yuan;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

/**
 * Draws the 日报 chart as a PNG with Java2D: the funnel of open opportunities per stage (count and
 * amount) above, the team's follow-ups on each of the last seven days as bars below. CPU work: call
 * it on a worker thread.
 */
final class DailyChartPng {

  static final int WIDTH = 800;
  static final int HEIGHT = 640;
  static final String PREFERRED_FONT = "Noto Sans CJK SC";
  static final String PROBE = "销售漏斗";

  private static final Color INK = new Color(0x1f2329);
  private static final Color MUTED = new Color(0x8f959e);
  private static final Color GRID = new Color(0xe5e6eb);
  private static final Color BAR = new Color(0x3370ff);
  private static final Color[] STAGES = {
    new Color(0x1d4ed8),
    new Color(0x2563eb),
    new Color(0x3b82f6),
    new Color(0x60a5fa),
    new Color(0x93c5fd),
    new Color(0xbfdbfe)
  };
  private static final int FUNNEL_TOP = 96;
  private static final int FUNNEL_BOTTOM = 360;
  private static final int BARS_TOP = 440;
  private static final int BARS_BOTTOM = 590;

  static {
    // A server has no display; without this the first AWT call may look for one.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private static final String FONT =
      font(
          GraphicsEnvironment.getLocalGraphicsEnvironment()
              .getAvailableFontFamilyNames(Locale.ROOT));

  private DailyChartPng() {}

  /**
   * Noto Sans CJK SC when installed, else any family that can draw Chinese, else the logical
   * SansSerif.
   */
  static String font(String[] families) {
    for (String f : families) {
      if (PREFERRED_FONT.equals(f)) {
        return f;
      }
    }
    for (String f : families) {
      if (new Font(f, Font.PLAIN, 14).canDisplayUpTo(PROBE) == -1) {
        return f;
      }
    }
    return Font.SANS_SERIF;
  }

  static byte[] render(DailyChart chart) {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      header(g, chart);
      funnel(g, chart.stages());
      bars(g, chart.days());
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    try {
      javax.imageio.ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void header(Graphics2D g, DailyChart chart) {
    LocalDate day = chart.day();
    text(
        g,
        "销售日报 " + day.getMonthValue() + "月" + day.getDayOfMonth() + "日",
        32,
        44,
        24,
        Font.BOLD,
        INK);
    text(
        g,
        chart.scope() == PipelineScope.TENANT ? "全公司" : "团队",
        WIDTH - 100,
        44,
        16,
        Font.PLAIN,
        MUTED);
    text(g, "销售漏斗（在跟商机，截至当日）", 32, 80, 16, Font.BOLD, INK);
    text(g, "近 7 天跟进", 32, BARS_TOP - 30, 16, Font.BOLD, INK);
  }

  private static void funnel(Graphics2D g, List<PipelineStageLine> stages) {
    if (stages.isEmpty()) {
      text(g, "还没有商机阶段", 32, FUNNEL_TOP + 40, 16, Font.PLAIN, MUTED);
      return;
    }
    int rowHeight = Math.min(48, (FUNNEL_BOTTOM - FUNNEL_TOP) / stages.size());
    long max = stages.stream().mapToLong(s -> s.figures().current().count()).max().orElse(0);
    int centre = 250;
    int widest = 400;
    for (int i = 0; i < stages.size(); i++) {
      PipelineStageLine stage = stages.get(i);
      PipelineFigures now = stage.figures().current();
      // an empty stage keeps a sliver, so the funnel still reads as one shape
      int width =
          max == 0 ? 24 : Math.max(24, (int) Math.round(widest * (double) now.count() / max));
      int y = FUNNEL_TOP + i * rowHeight;
      g.setColor(STAGES[Math.min(i, STAGES.length - 1)]);
      g.fillRoundRect(centre - width / 2, y + 4, width, rowHeight - 8, 8, 8);
      text(g, stage.name(), 470, y + rowHeight / 2 - 2, 15, Font.BOLD, INK);
      text(
          g,
          now.count() + " 个 · " + Yuan.format(now.amount()),
          470,
          y + rowHeight / 2 + 16,
          14,
          Font.PLAIN,
          MUTED);
    }
  }

  private static void bars(Graphics2D g, List<DayCount> days) {
    long max = Math.max(1, days.stream().mapToLong(DayCount::followUps).max().orElse(0));
    int left = 48;
    int right = WIDTH - 48;
    g.setColor(GRID);
    g.setStroke(new BasicStroke(1f));
    g.drawLine(left, BARS_BOTTOM, right, BARS_BOTTOM);
    int slot = (right - left) / Math.max(1, days.size());
    int barWidth = Math.min(56, slot - 24);
    for (int i = 0; i < days.size(); i++) {
      DayCount d = days.get(i);
      int height = (int) Math.round((BARS_BOTTOM - BARS_TOP - 24) * (double) d.followUps() / max);
      int x = left + i * slot + (slot - barWidth) / 2;
      g.setColor(BAR);
      g.fillRect(x, BARS_BOTTOM - height, barWidth, height);
      centred(
          g,
          Long.toString(d.followUps()),
          x + barWidth / 2,
          BARS_BOTTOM - height - 6,
          14,
          Font.BOLD,
          INK);
      centred(
          g,
          d.day().getMonthValue() + "/" + d.day().getDayOfMonth(),
          x + barWidth / 2,
          BARS_BOTTOM + 20,
          13,
          Font.PLAIN,
          MUTED);
      centred(
          g,
          d.day().getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.CHINA),
          x + barWidth / 2,
          BARS_BOTTOM + 38,
          12,
          Font.PLAIN,
          MUTED);
    }
  }

  private static void text(Graphics2D g, String s, int x, int y, int size, int style, Color color) {
    g.setFont(new Font(FONT, style, size));
    g.setColor(color);
    g.drawString(s, x, y);
  }

  private static void centred(
      Graphics2D g, String s, int x, int y, int size, int style, Color color) {
    g.setFont(new Font(FONT, style, size));
    FontMetrics m = g.getFontMetrics();
    text(g, s, x - m.stringWidth(s) / 2, y, size, style, color);
  }
}
