package com.chatcrm.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The words demo data is built from: cities by sales region, company-name pieces, people's names,
 * follow-up phrases. Kept small and fixed so that derived values (pinyin, initials) are computed
 * once per piece.
 *
 * <p>Company names are {@code city + brand + descriptor + industry + suffix}. They are unique after
 * {@code CompanyNames.normalize} by construction: no city is a prefix of another, brands and
 * non-empty descriptors are exactly two characters, no industry is a descriptor followed by another
 * industry, no industry ends in something normalisation strips, and every suffix is stripped.
 * {@code DemoVocabularyTest} checks it.
 */
final class DemoVocabulary {

  private DemoVocabulary() {}

  /** A city: its sales region (one of {@link #REGIONS}) and telephone area code. */
  record City(String name, int region, String areaCode) {}

  /** 华东 / 华南 / 华北 / 西南, each a 大区 of the demo company. */
  static final List<String> REGIONS = List.of("华东", "华南", "华北", "西南");

  static final List<City> CITIES = cities();

  private static List<City> cities() {
    String[][] byRegion = {
      {
        "上海:021", "杭州:0571", "南京:025", "苏州:0512", "宁波:0574", "无锡:0510", "合肥:0551", "福州:0591",
        "厦门:0592", "济南:0531", "青岛:0532", "温州:0577", "常州:0519", "南昌:0791", "烟台:0535", "嘉兴:0573"
      },
      {
        "广州:020", "深圳:0755", "东莞:0769", "佛山:0757", "珠海:0756", "中山:0760", "惠州:0752", "汕头:0754",
        "南宁:0771", "柳州:0772", "海口:0898", "三亚:0898", "江门:0750", "湛江:0759", "桂林:0773", "长沙:0731"
      },
      {
        "北京:010",
        "天津:022",
        "石家庄:0311",
        "太原:0351",
        "呼和浩特:0471",
        "保定:0312",
        "唐山:0315",
        "沈阳:024",
        "大连:0411",
        "哈尔滨:0451",
        "长春:0431",
        "郑州:0371",
        "洛阳:0379",
        "廊坊:0316",
        "邯郸:0310",
        "包头:0472"
      },
      {
        "成都:028", "重庆:023", "昆明:0871", "贵阳:0851", "绵阳:0816", "南充:0817", "遵义:0852", "宜宾:0831",
        "泸州:0830", "德阳:0838", "大理:0872", "曲靖:0874", "乐山:0833", "西安:029", "兰州:0931", "拉萨:0891"
      }
    };
    List<City> out = new ArrayList<>();
    for (int r = 0; r < byRegion.length; r++) {
      for (String s : byRegion[r]) {
        String[] p = s.split(":");
        out.add(new City(p[0], r, p[1]));
      }
    }
    return List.copyOf(out);
  }

  /** Two-character brand words: every pair of a first and a second character that differ. */
  static final List<String> BRANDS = brands();

  private static List<String> brands() {
    String first = "华金宏鑫恒盛瑞嘉天中新博鼎凯锦泰创佳隆信永汇德万卓";
    String second = "信达源通远泰丰誉辉晟安盛和邦润腾宇诚科联海峰利星华";
    List<String> out = new ArrayList<>();
    for (char a : first.toCharArray()) {
      for (char b : second.toCharArray()) {
        if (a != b) {
          out.add("" + a + b);
        }
      }
    }
    return List.copyOf(out);
  }

  /** The first entry is empty: most names have no descriptor. */
  static final List<String> DESCRIPTORS =
      List.of(
          "", "智能", "数码", "网络", "信息", "环保", "电气", "精密", "生物", "光电", "数字", "节能", "国际", "创新", "文化",
          "健康", "机电", "材料", "汽车", "农业", "通信", "医疗", "纺织", "家居", "物联", "航空", "海洋", "新兴", "联合", "东方",
          "远大");

  /** An industry word in a company name and the industry it files the customer under. */
  record Industry(String word, String category) {}

  static final List<Industry> INDUSTRIES =
      List.of(
          new Industry("科技", "信息技术"),
          new Industry("贸易", "批发零售"),
          new Industry("物流", "交通物流"),
          new Industry("建材", "建筑建材"),
          new Industry("医药", "医疗健康"),
          new Industry("电子", "电子制造"),
          new Industry("机械", "机械设备"),
          new Industry("食品", "食品饮料"),
          new Industry("服饰", "纺织服装"),
          new Industry("家具", "家居建材"),
          new Industry("实业", "综合"),
          new Industry("工程", "建筑建材"),
          new Industry("设备", "机械设备"),
          new Industry("制造", "制造业"),
          new Industry("软件", "信息技术"),
          new Industry("传媒", "文化传媒"),
          new Industry("咨询", "商务服务"),
          new Industry("商贸", "批发零售"),
          new Industry("进出口", "批发零售"),
          new Industry("供应链", "交通物流"),
          new Industry("新材料", "化工材料"),
          new Industry("环境工程", "节能环保"),
          new Industry("包装", "制造业"),
          new Industry("印刷", "文化传媒"),
          new Industry("化工", "化工材料"),
          new Industry("塑胶", "化工材料"),
          new Industry("五金", "机械设备"),
          new Industry("汽车服务", "汽车"),
          new Industry("餐饮管理", "餐饮酒店"),
          new Industry("物业管理", "房地产"),
          new Industry("人力资源", "商务服务"),
          new Industry("广告", "文化传媒"),
          new Industry("电器", "电子制造"),
          new Industry("照明", "电子制造"),
          new Industry("仪器", "机械设备"),
          new Industry("能源", "能源电力"),
          new Industry("农业发展", "农林牧渔"),
          new Industry("生物技术", "医疗健康"),
          new Industry("置业", "房地产"),
          new Industry("投资", "金融"));

  /** Company suffixes with how often they occur, in percent; all are stripped by normalisation. */
  static final List<String> SUFFIXES = List.of("有限公司", "股份有限公司", "有限责任公司", "集团有限公司", "公司");

  static final int[] SUFFIX_WEIGHTS = {62, 12, 14, 6, 6};

  static final List<String> SOURCES =
      List.of("电话营销", "展会", "转介绍", "官网咨询", "地推", "百度推广", "老客户介绍", "招投标");

  /** Tag sets with how often they occur, in percent (the rest have none). */
  static final List<List<String>> TAG_SETS =
      List.of(
          List.of("重点客户"),
          List.of("老客户"),
          List.of("转介绍"),
          List.of("展会获客"),
          List.of("重点客户", "老客户"),
          List.of("价格敏感"),
          List.of("决策链长"),
          List.of("政府项目"));

  static final int[] TAG_WEIGHTS = {10, 8, 6, 5, 4, 5, 4, 3};

  static final List<String> DISTRICTS =
      List.of("高新区", "经开区", "新区", "城东区", "城西区", "城南区", "城北区", "工业园区", "科技园", "商务区");
  static final List<String> ROADS =
      List.of(
          "人民路", "解放路", "中山路", "建设路", "长江路", "黄河路", "和平路", "新华路", "文化路", "友谊路", "迎宾大道", "科技大道",
          "创业路", "发展大道", "工业大道", "金融街");

  static final List<String> SURNAMES =
      List.of(
          "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高",
          "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁",
          "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔",
          "钟", "谭", "陆", "汪", "范", "金");
  static final List<String> GIVEN_NAMES =
      List.of(
          "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰",
          "霞", "平", "刚", "桂英", "建华", "晓东", "海燕", "志强", "丽娟", "国庆", "婷婷", "子涵", "浩然", "雨欣", "俊杰",
          "欣怡", "宇航", "梦琪", "文博", "思远", "佳怡", "晨阳", "建国", "春梅", "立新", "红梅", "永刚", "晓燕", "德明", "玉兰",
          "志明", "淑珍", "鹏飞", "雪梅", "家豪", "嘉欣", "天宇", "诗涵", "博文", "可馨", "一鸣", "若曦");

  static final List<String> CONTACT_TITLES =
      List.of(
          "总经理", "副总经理", "采购经理", "采购专员", "技术总监", "IT经理", "财务总监", "行政主管", "项目经理", "运营总监", "董事长",
          "销售总监");

  static final List<String> PRODUCTS =
      List.of(
          "ERP系统", "CRM软件", "办公设备", "年度采购", "生产线改造", "物流外包", "云服务器", "安防监控", "员工培训", "营销推广", "仓储系统",
          "网络升级", "原材料供应", "设备维保");
  static final List<String> OPPORTUNITY_KINDS = List.of("项目", "采购", "一期", "二期", "续约", "扩容");
  static final List<String> LOST_REASONS =
      List.of("价格太高", "选择了竞争对手", "预算取消", "需求变更", "决策人变动", "联系不上客户");

  /** Follow-up openings per method, in the order of {@link #METHODS}; {@code %s} is a product. */
  static final List<String> METHODS =
      List.of("call", "wechat", "visit", "meeting", "email", "other");

  static final int[] METHOD_WEIGHTS = {35, 30, 15, 8, 7, 5};
  static final List<List<String>> OPENINGS =
      List.of(
          List.of("电话沟通%s需求", "电话回访，了解%s使用情况", "致电采购负责人，确认%s预算", "电话跟进%s报价反馈", "电话约下次见面，讨论%s"),
          List.of("微信发送%s资料", "微信沟通%s价格", "微信回复客户关于%s的问题", "微信语音聊了%s的交付周期", "在客户群里同步%s进展"),
          List.of("上门拜访，现场演示%s", "拜访客户总经理，介绍%s方案", "到客户公司调研%s需求", "陪同技术上门讲解%s"),
          List.of("线上会议讨论%s实施计划", "召开%s项目启动会", "和客户技术团队开会评审%s方案"),
          List.of("邮件发送%s报价单", "邮件确认%s合同条款", "邮件回复%s技术问题"),
          List.of("客户来访参观，了解%s", "参加客户组织的%s招标说明会", "在展会上遇到客户，聊了%s"));
  static final List<String> REACTIONS =
      List.of(
          "客户比较认可",
          "客户表示需要内部讨论",
          "对价格有顾虑",
          "希望下周给出正式方案",
          "决策人出差，待定",
          "竞品也在接触，需要加快",
          "客户很满意，准备走采购流程",
          "暂时没有预算",
          "要求再降百分之五",
          "需要补充案例");
  static final List<String> NEXT_STEPS =
      List.of(
          "下周发送正式报价",
          "约技术交流会",
          "安排产品演示",
          "跟进合同审批",
          "确认付款计划",
          "邀请参观样板客户",
          "提交投标文件",
          "回访使用情况",
          "催一下采购流程",
          "准备续约方案");

  /** Sales groups per region (the 销售组 under each 大区); a region has three to five. */
  static final List<List<String>> GROUPS =
      List.of(
          List.of("上海一组", "上海二组", "杭州组", "南京组", "苏州组"),
          List.of("广州组", "深圳一组", "深圳二组", "厦门组"),
          List.of("北京一组", "北京二组", "天津组", "济南组"),
          List.of("成都组", "重庆组", "昆明组"));

  /** Mobile number prefixes (the first three digits). */
  static final List<String> MOBILE_PREFIXES =
      List.of(
          "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
          "156", "158", "159", "177", "186", "187", "189");
}
