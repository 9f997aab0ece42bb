package com.chatcrm.language;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small linker for tests: the spec's customers by a few surface forms each, found longest first,
 * so the parser's tests need nothing of the real {@link CustomerNames}.
 */
final class TestCustomers implements CustomerLinker {

  static final KnownCustomer XINGHE = new KnownCustomer(1, "北京星河传媒有限公司", List.of("星河传媒"));
  static final KnownCustomer SHENGCAI = KnownCustomer.of(2, "盛彩食品有限公司");
  static final KnownCustomer TIANHAI = KnownCustomer.of(3, "天海贸易有限公司");
  static final KnownCustomer YUANHAI = KnownCustomer.of(4, "远海贸易有限公司");
  static final KnownCustomer LANJING = KnownCustomer.of(5, "蓝鲸物流科技有限公司");
  static final KnownCustomer DINGHAI = KnownCustomer.of(6, "鼎海采购服务有限公司");
  static final KnownCustomer HUAWEI_TECH = KnownCustomer.of(7, "华为技术有限公司");
  static final KnownCustomer HUAWEI_DEVICE = KnownCustomer.of(8, "华为终端有限公司");

  /** The spec's six customers, and 华为 that names two. */
  static final TestCustomers SPEC =
      new TestCustomers()
          .form(XINGHE, "北京星河传媒有限公司", "星河传媒", "星河")
          .form(SHENGCAI, "盛彩食品有限公司", "盛彩食品", "盛彩")
          .form(TIANHAI, "天海贸易有限公司", "天海贸易", "天海")
          .form(YUANHAI, "远海贸易有限公司", "远海贸易", "远海")
          .form(LANJING, "蓝鲸物流科技有限公司", "蓝鲸物流", "蓝鲸")
          .form(DINGHAI, "鼎海采购服务有限公司", "鼎海采购", "鼎海")
          .form(HUAWEI_TECH, "华为技术有限公司", "华为")
          .form(HUAWEI_DEVICE, "华为终端有限公司", "华为");

  private final Map<String, List<KnownCustomer>> forms = new LinkedHashMap<>();

  TestCustomers form(KnownCustomer c, String... surfaces) {
    for (String s : surfaces) {
      forms.computeIfAbsent(s, k -> new ArrayList<>()).add(c);
    }
    return this;
  }

  @Override
  public List<CustomerSpan> find(String text) {
    List<CustomerSpan> spans = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      String best = null;
      for (String f : forms.keySet()) {
        if (text.startsWith(f, i) && (best == null || f.length() > best.length())) {
          best = f;
        }
      }
      if (best == null) {
        i++;
      } else {
        spans.add(new CustomerSpan(i, i + best.length(), forms.get(best)));
        i += best.length();
      }
    }
    return spans;
  }
}
