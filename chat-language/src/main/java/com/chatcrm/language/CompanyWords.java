package com.chatcrm.language;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The parts of a company name people leave out when they say it: where it is registered (北京, 广东省),
 * what kind of company it is (有限公司), and the trade it is in (传媒, 科技).
 */
final class CompanyWords {

  private CompanyWords() {}

  /** Provinces, regions and the larger cities, as they open a registered name. */
  static final Set<String> REGIONS =
      Set.of(
          "中国", "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建", "江西",
          "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "台湾", "内蒙古", "广西",
          "西藏", "宁夏", "新疆", "香港", "澳门", "广州", "深圳", "杭州", "南京", "苏州", "成都", "武汉", "西安", "长沙", "郑州",
          "青岛", "大连", "宁波", "厦门", "无锡", "佛山", "东莞", "合肥", "福州", "济南", "昆明", "沈阳", "哈尔滨", "长春",
          "石家庄", "太原", "南昌", "贵阳", "南宁", "兰州", "银川", "西宁", "乌鲁木齐", "拉萨", "呼和浩特", "海口", "三亚", "珠海",
          "温州", "常州", "南通", "徐州", "烟台", "泉州", "绍兴", "嘉兴", "金华", "台州", "中山", "惠州", "扬州", "洛阳", "唐山",
          "保定", "潍坊", "淄博", "芜湖", "义乌", "昆山", "江门", "汕头");

  private static final int LONGEST_REGION =
      REGIONS.stream().mapToInt(String::length).max().orElse(0);

  static final List<String> REGIONS_LONGEST_FIRST = longestFirst(REGIONS.toArray(String[]::new));

  /** What follows a region: 北京市, 广东省, 广西壮族自治区. */
  static final List<String> REGION_TAILS =
      List.of("特别行政区", "壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "省", "市");

  /** The characters a region or its tail ends in: most lines need no closer look. */
  private static final Set<Character> REGION_LAST_CHARS =
      Stream.concat(REGIONS.stream(), REGION_TAILS.stream())
          .map(w -> w.charAt(w.length() - 1))
          .collect(Collectors.toUnmodifiableSet());

  /** Legal forms, longest first so 股份有限公司 goes before 有限公司. */
  static final List<String> SUFFIXES =
      longestFirst(
          "股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "股份公司", "集团公司", "分公司", "总公司", "集团", "公司", "工作室",
          "事务所", "合作社", "商行", "企业");

  /** Latin legal forms, compared lower-case as whole trailing words. */
  static final List<String> LATIN_SUFFIXES =
      List.of(
          "co., ltd.",
          "co., ltd",
          "co.,ltd.",
          "co.,ltd",
          "co. ltd",
          "co ltd",
          "ltd.",
          "ltd",
          "limited",
          "inc.",
          "inc",
          "corp.",
          "corp",
          "corporation",
          "llc",
          "gmbh",
          "group",
          "company",
          "co.");

  /** Trade words, longest first; a name may stack them (蓝鲸物流科技). */
  static final List<String> INDUSTRIES =
      longestFirst(
          "传媒", "科技", "贸易", "商贸", "食品", "物流", "采购", "服务", "信息", "网络", "软件", "电子", "实业", "技术", "咨询",
          "管理", "文化", "广告", "教育", "医疗", "医药", "生物", "健康", "投资", "金融", "控股", "发展", "建设", "工程", "建筑",
          "装饰", "设计", "制造", "机械", "设备", "汽车", "能源", "环保", "化工", "材料", "通信", "通讯", "电器", "电气", "智能",
          "数据", "互联网", "国际", "供应链", "餐饮", "酒店", "旅游", "农业", "房地产", "地产", "置业", "物业", "印刷", "包装",
          "纺织", "服装", "家居", "影视", "娱乐", "体育", "人力资源", "数字", "云计算", "营销", "会展", "进出口", "精密", "新材料",
          "新能源", "药业", "生物科技", "仪器", "工业", "商务", "传播", "创新", "保险", "证券", "资产", "开发", "系统", "速运",
          "快递", "速递", "乳业", "重工", "出行");

  /**
   * Whether a region name (杭州, 广东省, 北京市) ends at {@code index} of {@code text}: a derived form
   * right after one is a region-qualified name of another company (杭州星河传媒有限公司 is not 北京星河传媒有限公司,
   * whose own region form would have been the longer match).
   */
  static boolean regionEndsAt(String text, int index) {
    if (index == 0 || !REGION_LAST_CHARS.contains(text.charAt(index - 1))) {
      return false;
    }
    for (String region : REGIONS) {
      int at = index - region.length();
      if (at >= 0 && text.startsWith(region, at)) {
        return true;
      }
      for (String tail : REGION_TAILS) {
        int tailAt = index - tail.length();
        int regionAt = tailAt - region.length();
        if (regionAt >= 0 && text.startsWith(tail, tailAt) && text.startsWith(region, regionAt)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether a name opens with a region (北京星河传媒有限公司). */
  static boolean regionStarts(String name) {
    // each prefix looked up, rather than every region tried against the name
    for (int length = 0; length <= Math.min(LONGEST_REGION, name.length()); length++) {
      if (REGIONS.contains(name.substring(0, length))) {
        return true;
      }
    }
    return false;
  }

  private static List<String> longestFirst(String... words) {
    return Stream.of(words)
        .distinct()
        .sorted(Comparator.comparingInt(String::length).reversed().thenComparing(w -> w))
        .toList();
  }
}
