package com.chatcrm.language;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What a tenant of 10,000 customers costs: build once, then one pass per line. Printed, not
 * asserted.
 */
class CustomerNamesScaleTest {

  private static final String BRAND_CHARS =
      "星河天海远蓝鲸鼎盛彩华新宏达金银东西南北光明安泰和顺瑞祥丰源恒通嘉美佳信诚德志远航博创智云峰翔凯腾跃鸿锦绣龙凤麒麟";
  private static final String[] REGIONS = {"", "", "北京", "上海市", "广东省深圳市", "杭州", "成都"};
  private static final String[] TRADES = {"传媒", "科技", "贸易", "食品", "物流", "采购服务", "信息技术", "电子", ""};
  private static final String[] LEGAL = {"有限公司", "股份有限公司", "有限责任公司", "集团"};

  @Test
  void tenThousandCustomers() {
    List<KnownCustomer> roster = roster(10_000, new Random(23));
    long t0 = cpu();
    CustomerNames.of(List.of(KnownCustomer.of(1, "北京星河传媒有限公司")));
    long t1 = cpu();
    CustomerNames first = CustomerNames.of(roster);
    long t2 = cpu();
    CustomerNames again = CustomerNames.of(roster);
    long t3 = cpu();

    List<String> lines = new ArrayList<>();
    Random r = new Random(6);
    for (int i = 0; i < 2_000; i++) {
      String name = roster.get(r.nextInt(roster.size())).name();
      lines.add("下周三下午提醒我约" + name.substring(name.length() / 3) + "吃饭，顺便聊聊续约和报价的事 45万");
    }
    int linked = 0;
    for (String line : lines) {
      linked += first.find(line).isEmpty() ? 0 : 1; // warm-up
    }
    long t4 = cpu();
    for (String line : lines) {
      again.find(line);
    }
    long t5 = cpu();
    for (int i = 0; i < 200; i++) {
      again.soundsLike("心河传媒", 3);
    }
    long t6 = cpu();

    System.out.printf(
        "CustomerNames (CPU time): first HanLP use %.0f ms; of(10,000) %.0f ms cold, %.0f ms warm; find %.1f µs"
            + " per line; soundsLike %.1f µs; %d of %d lines linked%n",
        ms(t1 - t0),
        ms(t2 - t1),
        ms(t3 - t2),
        (t5 - t4) / 1e3 / lines.size(),
        (t6 - t5) / 1e3 / 200,
        linked,
        lines.size());
    assertThat(first.size()).isEqualTo(10_000);
  }

  /**
   * This thread's CPU time: a shared build machine's load does not inflate it as it does wall time.
   */
  private static long cpu() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static List<KnownCustomer> roster(int n, Random r) {
    List<KnownCustomer> out = new ArrayList<>();
    for (int id = 1; id <= n; id++) {
      String brand =
          ""
              + BRAND_CHARS.charAt(r.nextInt(BRAND_CHARS.length()))
              + BRAND_CHARS.charAt(r.nextInt(BRAND_CHARS.length()))
              + (r.nextBoolean() ? "" : BRAND_CHARS.charAt(r.nextInt(BRAND_CHARS.length())));
      String name =
          REGIONS[r.nextInt(REGIONS.length)]
              + brand
              + TRADES[r.nextInt(TRADES.length)]
              + LEGAL[r.nextInt(LEGAL.length)];
      out.add(KnownCustomer.of(id, name));
    }
    return out;
  }
}
