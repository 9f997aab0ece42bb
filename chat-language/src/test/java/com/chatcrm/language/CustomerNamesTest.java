package com.chatcrm.language;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CustomerNamesTest {

  static final KnownCustomer XINGHE = new KnownCustomer(1, "北京星河传媒有限公司", List.of("星河传媒"));
  static final KnownCustomer SHENGCAI = KnownCustomer.of(2, "盛彩食品有限公司");
  static final KnownCustomer TIANHAI = KnownCustomer.of(3, "天海贸易有限公司");
  static final KnownCustomer YUANHAI = KnownCustomer.of(4, "远海贸易有限公司");
  static final KnownCustomer LANJING = KnownCustomer.of(5, "蓝鲸物流科技有限公司");
  static final KnownCustomer DINGHAI = KnownCustomer.of(6, "鼎海采购服务有限公司");

  static final CustomerNames ROSTER =
      CustomerNames.of(List.of(XINGHE, SHENGCAI, TIANHAI, YUANHAI, LANJING, DINGHAI));

  @Test
  void formsDropRegionLegalFormAndTradeWord() {
    assertThat(CustomerNames.forms("北京星河传媒有限公司"))
        .startsWith("北京星河传媒有限公司")
        .contains("星河传媒有限公司", "北京星河传媒", "星河传媒", "星河");
    assertThat(CustomerNames.forms("蓝鲸物流科技有限公司")).contains("蓝鲸物流科技", "蓝鲸物流", "蓝鲸");
    assertThat(CustomerNames.forms("鼎海采购服务有限公司")).contains("鼎海采购服务", "鼎海采购", "鼎海");
    assertThat(CustomerNames.forms("广东省深圳市星河科技集团股份有限公司")).contains("星河科技", "星河");
  }

  @Test
  void formsPeopleSayOfWellKnownNames() {
    assertThat(CustomerNames.forms("深圳市大疆创新科技有限公司")).contains("大疆");
    assertThat(CustomerNames.forms("腾讯科技（深圳）有限公司")).contains("腾讯科技有限公司", "腾讯").doesNotContain("深圳");
    assertThat(CustomerNames.forms("平安保险")).contains("平安");
    assertThat(CustomerNames.forms("中国移动通信集团")).contains("中国移动").doesNotContain("中国", "移动");
    assertThat(CustomerNames.forms("上海银行股份有限公司")).contains("上海银行").doesNotContain("银行");
  }

  @Test
  void noCustomersLinkNothing() {
    CustomerNames none = CustomerNames.of(List.of());
    assertThat(none.size()).isZero();
    assertThat(none.find("星河那边")).isEmpty();
    assertThat(none.soundsLike("心河", 3)).isEmpty();
  }

  @Test
  void formsKeepTwoHanCharactersAtLeast() {
    assertThat(CustomerNames.forms("星科技有限公司")).contains("星科技").doesNotContain("星");
  }

  @Test
  void aBrandInBracketsIsAForm() {
    assertThat(CustomerNames.forms("阿里巴巴（中国）有限公司"))
        .startsWith("阿里巴巴(中国)有限公司")
        .contains("阿里巴巴有限公司", "阿里巴巴")
        .doesNotContain("中国");
    assertThat(CustomerNames.forms("某某(星河)")).contains("星河");
    CustomerNames names = CustomerNames.of(List.of(KnownCustomer.of(9, "阿里巴巴（中国）有限公司")));
    assertThat(only(names.find("约了阿里巴巴的人"))).isEqualTo(9);
    // the parser hands over NFKC text (half-width brackets); a raw line with full-width ones links
    // too
    assertThat(only(names.find("新客户 阿里巴巴(中国)有限公司"))).isEqualTo(9);
    assertThat(names.find("新客户 阿里巴巴（中国）有限公司").get(0).end()).isEqualTo(16);
  }

  @Test
  void latinNamesMatchCaseInsensitivelyAsWholeWords() {
    CustomerNames names = CustomerNames.of(List.of(KnownCustomer.of(7, "Acme Robotics Inc.")));
    assertThat(CustomerNames.forms("Acme Robotics Inc.")).contains("Acme Robotics");
    assertThat(only(names.find("call ACME ROBOTICS tomorrow"))).isEqualTo(7);
    assertThat(names.find("call acme roboticsx")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "星河那边微信说预算批下来了 45万, 星河, 1",
    "下周三下午提醒我约盛彩食品吃饭, 盛彩食品, 2",
    "周五前把方案发给天海贸易, 天海贸易, 3",
    "月底前要把远海贸易的合同签下来, 远海贸易, 4",
    "'给蓝鲸发了邮件，附上白皮书', 蓝鲸, 5",
    "加了鼎海采购的微信, 鼎海采购, 6",
    "鼎海的李总明天上午来公司参观, 鼎海, 6",
    "'call 星河 about renewal, follow up next Monday', 星河, 1",
    "'log call with 蓝鲸: pricing', 蓝鲸, 5",
    "查 星河, 星河, 1",
    "星河传媒 签了！合同额 52万, 星河传媒, 1",
    "蓝鲸物流仓储系统报价了，120万, 蓝鲸物流, 5",
  })
  void everyIssueLineLinksItsCustomer(String line, String typed, long id) {
    List<CustomerSpan> spans = ROSTER.find(line);
    assertThat(spans).hasSize(1);
    CustomerSpan span = spans.get(0);
    assertThat(line.substring(span.start(), span.end())).isEqualTo(typed);
    assertThat(span.only().id()).isEqualTo(id);
  }

  @Test
  void spansAreLeftmostLongestAndInTextOrder() {
    List<CustomerSpan> spans = ROSTER.find("把星河传媒的报价抄送鼎海采购服务和蓝鲸");
    assertThat(spans).extracting(CustomerSpan::start).containsExactly(1, 10, 17);
    assertThat(spans).extracting(CustomerSpan::end).containsExactly(5, 16, 19);
    assertThat(spans).extracting(s -> s.only().id()).containsExactly(1L, 6L, 5L);
  }

  @Test
  void aLongerFormWinsOverAnOverlappingShorterOne() {
    CustomerNames names =
        CustomerNames.of(List.of(TIANHAI, new KnownCustomer(30, "海天味业有限公司", List.of("海天"))));
    assertThat(names.find("上海天海贸易的合同"))
        .singleElement()
        .satisfies(s -> assertThat(s.start()).isEqualTo(2));
    assertThat(only(names.find("上海天海贸易的合同"))).isEqualTo(3);
    assertThat(names.find("海天和天海").stream().map(s -> s.only().id())).containsExactly(30L, 3L);
  }

  @Test
  void aFormThatFitsSeveralListsThemAll() {
    CustomerNames names = CustomerNames.of(List.of(XINGHE, KnownCustomer.of(8, "星河科技有限公司")));
    CustomerSpan span = names.find("星河那边怎么说").get(0);
    assertThat(span.customers()).extracting(KnownCustomer::id).containsExactly(1L, 8L);
    assertThat(span.only()).isNull();
  }

  @Test
  void aCustomerTheUserMayNotSeeNeverAppears() {
    CustomerNames names = CustomerNames.of(List.of(XINGHE, KnownCustomer.of(8, "星河科技有限公司")));
    CustomerLinker mine = names.restrictedTo(Set.of(1L), Set.of());
    assertThat(only(mine.find("星河那边怎么说"))).isEqualTo(1);
    assertThat(mine.find("星河科技的合同"))
        .singleElement()
        .satisfies(s -> assertThat(s.end()).isEqualTo(2));
    assertThat(names.restrictedTo(Set.of(), Set.of()).find("星河科技的合同")).isEmpty();
    // 星河传媒 is only customer 1's; a user who sees only 8 gets 星河 and learns nothing of 1
    assertThat(names.restrictedTo(Set.of(8L), Set.of(1L)).find("星河传媒"))
        .containsExactly(new CustomerSpan(0, 2, List.of(names.find("星河科技").get(0).only())));
  }

  @Test
  void theUsersOwnCustomerWinsWhenOneOfSeveral() {
    KnownCustomer keji = KnownCustomer.of(8, "星河科技有限公司");
    KnownCustomer dianzi = KnownCustomer.of(10, "星河电子有限公司");
    CustomerNames names = CustomerNames.of(List.of(XINGHE, keji, dianzi));
    Set<Long> all = Set.of(1L, 8L, 10L);
    assertThat(only(names.restrictedTo(all, Set.of(8L)).find("星河那边"))).isEqualTo(8);
    assertThat(names.restrictedTo(all, Set.of(10L, 8L)).find("星河那边").get(0).customers())
        .extracting(KnownCustomer::id)
        .containsExactly(8L, 10L, 1L);
    assertThat(names.restrictedTo(all, Set.of()).find("星河那边").get(0).customers()).hasSize(3);
  }

  @Test
  void everydayWordsDoNotLinkWhenOnlyDerived() {
    CustomerNames names =
        CustomerNames.of(
            List.of(KnownCustomer.of(11, "明天科技有限公司"), KnownCustomer.of(12, "中国移动通信集团")));
    assertThat(CustomerNames.forms("明天科技有限公司")).doesNotContain("明天");
    assertThat(names.find("明天上午提醒我给客户打电话")).isEmpty();
    assertThat(names.find("中国的客户")).isEmpty();
    assertThat(only(names.find("明天科技的合同"))).isEqualTo(11);
    assertThat(only(names.find("中国移动那边回复了"))).isEqualTo(12);
    // a name someone typed links however common it is
    assertThat(only(CustomerNames.of(List.of(KnownCustomer.of(13, "明天"))).find("明天来")))
        .isEqualTo(13);
  }

  @Test
  void aDerivedFormDoesNotLinkWhereItCutsAnEverydayWord() {
    assertThat(ROSTER.find("今天海边有活动")).isEmpty();
    assertThat(only(ROSTER.find("今天天海贸易回复了"))).isEqualTo(3);
    assertThat(only(ROSTER.find("天海今天回复了"))).isEqualTo(3);
    assertThat(only(CustomerNames.of(List.of(KnownCustomer.of(14, "天海"))).find("今天海边")))
        .isEqualTo(14);
  }

  @Test
  void anotherRegionsCompanyOfTheSameNameIsNotLinked() {
    CustomerNames names = CustomerNames.of(List.of(KnownCustomer.of(40, "北京云帆科技有限公司"), TIANHAI));
    assertThat(names.find("新客户 杭州云帆科技有限公司")).isEmpty();
    assertThat(names.find("新客户 广东省深圳市云帆科技有限公司")).isEmpty();
    assertThat(only(names.find("新客户 北京云帆科技有限公司"))).isEqualTo(40);
    assertThat(only(names.find("在杭州见了云帆的人"))).isEqualTo(40);
    // a customer registered without a region may well be the one named with it
    assertThat(only(names.find("上海天海贸易的合同"))).isEqualTo(3);
  }

  @Test
  void aNameTypedWithAHomophoneOrASlipSoundsLikeTheCustomer() {
    assertThat(ROSTER.soundsLike("心河", 3)).first().isEqualTo(XINGHE);
    assertThat(ROSTER.soundsLike("星和", 3)).first().isEqualTo(XINGHE);
    assertThat(ROSTER.soundsLike("星和传媒", 3)).first().isEqualTo(XINGHE);
    assertThat(ROSTER.soundsLike("蓝鲸五流", 3)).first().isEqualTo(LANJING);
    assertThat(ROSTER.soundsLike("星河", 3)).doesNotContain(XINGHE);
    assertThat(ROSTER.soundsLike("完全无关", 3)).isEmpty();
  }

  @Test
  void aCustomerTheUserMayNotSeeIsNeverOffered() {
    KnownCustomer xinhe = KnownCustomer.of(20, "心和科技有限公司");
    CustomerNames names = CustomerNames.of(List.of(XINGHE, xinhe));
    assertThat(names.soundsLike("新河", 5, Set.of(1L))).containsExactly(XINGHE);
    assertThat(names.soundsLike("新河", 5, Set.of())).isEmpty();
  }

  @Test
  void theSamePinyinRanksBeforeAFuzzyOne() {
    KnownCustomer xinhe = KnownCustomer.of(20, "心和科技有限公司");
    CustomerNames names = CustomerNames.of(List.of(XINGHE, xinhe));
    assertThat(names.soundsLike("新河", 5)).containsExactly(xinhe, XINGHE);
    assertThat(names.soundsLike("新河", 1)).containsExactly(xinhe);
  }

  @Test
  void pinyinAndInitialsLinkInLatinLinesAsWholeWords() {
    assertThat(only(ROSTER.find("call Xinghe about renewal"))).isEqualTo(1);
    assertThat(only(ROSTER.find("email XHCM the deck"))).isEqualTo(1);
    assertThat(only(ROSTER.find("log call with xinghechuanmei: pricing"))).isEqualTo(1);
    assertThat(only(ROSTER.find("visit lanjing next week"))).isEqualTo(5);
    assertThat(ROSTER.find("xingheng is a word")).isEmpty();
  }

  @Test
  void theSameInputGivesTheSameOutput() {
    List<KnownCustomer> list = List.of(DINGHAI, XINGHE, KnownCustomer.of(8, "星河科技有限公司"), LANJING);
    List<KnownCustomer> reversed = new ArrayList<>(list);
    Collections.reverse(reversed);
    assertThat(CustomerNames.of(list).find("星河和鼎海还有蓝鲸"))
        .isEqualTo(CustomerNames.of(reversed).find("星河和鼎海还有蓝鲸"));
  }

  private static long only(List<CustomerSpan> spans) {
    assertThat(spans).hasSize(1);
    assertThat(spans.get(0).only()).isNotNull();
    return spans.get(0).only().id();
  }
}
