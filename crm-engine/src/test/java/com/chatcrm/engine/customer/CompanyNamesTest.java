package com.chatcrm.engine.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompanyNamesTest {

  @Test
  void suffixesBracketsSpacesAndWidthsDoNotMakeADifferentCompany() {
    String key = CompanyNames.normalize("华为技术有限公司");
    assertThat(CompanyNames.normalize("华为技术（深圳）有限公司")).isEqualTo(key);
    assertThat(CompanyNames.normalize("华为技术股份有限公司")).isEqualTo(key);
    assertThat(CompanyNames.normalize(" 华为 技术 ")).isEqualTo(key);
    assertThat(CompanyNames.normalize("华为技术集团")).isEqualTo(key);
    assertThat(CompanyNames.normalize("ＡＢＣ科技有限公司")).isEqualTo(CompanyNames.normalize("abc科技"));
    assertThat(CompanyNames.normalize("Acme Co., Ltd.")).isEqualTo(CompanyNames.normalize("ACME"));
  }

  @Test
  void aNameThatIsOnlyASuffixIsKept() {
    assertThat(CompanyNames.normalize("有限公司")).isEqualTo("有限公司");
  }

  @Test
  void phonesAreComparedByDigits() {
    assertThat(CompanyNames.normalizePhone("+86 138-0013-8000")).isEqualTo("13800138000");
    assertThat(CompanyNames.normalizePhone("１３８００１３８０００")).isEqualTo("13800138000");
    assertThat(CompanyNames.normalizePhone("010-8888 6666")).isEqualTo("01088886666");
  }

  @Test
  void pinyinAndInitials() {
    assertThat(CompanyNames.pinyin("华为技术")).isEqualTo("huaweijishu");
    assertThat(CompanyNames.initials("华为技术")).isEqualTo("hwjs");
    assertThat(CompanyNames.initials("3M中国")).isEqualTo("3mzg");
  }

  @Test
  void gramsCoverEveryOneAndTwoCharacterPiece() {
    assertThat(CompanyNames.grams(List.of("华为技术"))).contains("华", "为", "华为", "为技", "技术", "术");
  }

  @Test
  void masking() {
    assertThat(CustomerDuplicates.mask("华为技术有限公司")).isEqualTo("华为******");
    assertThat(CustomerDuplicates.mask("京东")).isEqualTo("京*");
  }
}
