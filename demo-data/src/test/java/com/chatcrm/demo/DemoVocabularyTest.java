package com.chatcrm.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.customer.CompanyNames;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The proof that demo company names never collide in 查重: the conditions under which {@code city +
 * brand + descriptor + industry} is read back in one way only, and normalisation removing exactly
 * the suffix. Together they make distinct combinations distinct 查重 keys.
 */
class DemoVocabularyTest {

  static final List<String> CITIES =
      DemoVocabulary.CITIES.stream().map(DemoVocabulary.City::name).toList();
  static final List<String> INDUSTRIES =
      DemoVocabulary.INDUSTRIES.stream().map(DemoVocabulary.Industry::word).toList();

  @Test
  @DisplayName("no city is a prefix of another, so the city of a name is read back in one way")
  void citiesArePrefixFree() {
    assertThat(CITIES).doesNotHaveDuplicates();
    for (String a : CITIES) {
      for (String b : CITIES) {
        if (!a.equals(b)) {
          assertThat(b).as("%s starts with %s", b, a).doesNotStartWith(a);
        }
      }
    }
  }

  @Test
  void brandsAndDescriptorsHaveAFixedLength() {
    assertThat(DemoVocabulary.BRANDS)
        .doesNotHaveDuplicates()
        .allSatisfy(b -> assertThat(b).hasSize(2));
    assertThat(DemoVocabulary.DESCRIPTORS).doesNotHaveDuplicates();
    assertThat(DemoVocabulary.DESCRIPTORS.get(0)).isEmpty();
    assertThat(DemoVocabulary.DESCRIPTORS.subList(1, DemoVocabulary.DESCRIPTORS.size()))
        .allSatisfy(d -> assertThat(d).hasSize(2));
  }

  @Test
  @DisplayName("descriptor + industry is read back in one way: every pair gives a different string")
  void descriptorAndIndustryAreUnambiguous() {
    Set<String> seen = new HashSet<>();
    for (String d : DemoVocabulary.DESCRIPTORS) {
      for (String i : INDUSTRIES) {
        assertThat(seen.add(d + i)).as("%s + %s is ambiguous", d, i).isTrue();
      }
    }
  }

  @Test
  @DisplayName(
      "normalisation strips exactly the suffix from every descriptor, industry and suffix combination")
  void normalisationStripsTheSuffixOnly() {
    for (String suffix : DemoVocabulary.SUFFIXES) {
      for (String d : DemoVocabulary.DESCRIPTORS) {
        for (String i : INDUSTRIES) {
          String core = "上海华信" + d + i;
          assertThat(CompanyNames.normalize(core + suffix)).isEqualTo(core);
        }
      }
    }
  }

  @Test
  @DisplayName("the space of names holds the full size, with room to spare")
  void capacity() {
    assertThat(new DemoNames(1).capacity()).isGreaterThan(10L * DemoSize.full().customers());
  }

  @Test
  @DisplayName("the memoised derived values equal CompanyNames' for a spread of names")
  void memoisedValuesMatch() {
    DemoNames names = new DemoNames(7);
    DemoNames.Parts p = new DemoNames.Parts();
    for (long i = 0; i < names.capacity(); i += names.capacity() / 997) {
      names.decode(i, (int) (i % DemoVocabulary.SUFFIXES.size()), i % 2 == 0, p);
      assertThat(DemoNames.computed(p)).isEqualTo(DemoNames.reference(p.name(), p.shortNameText()));
    }
  }

  @Test
  void nothingNeedsCopyEscaping() {
    // encode() refuses tabs, newlines and backslashes; touching the holder encodes every word.
    assertThat(new DemoNames(1).cities).hasSize(CITIES.size());
    for (List<String> words :
        List.of(
            DemoVocabulary.SOURCES,
            DemoVocabulary.NEXT_STEPS,
            DemoVocabulary.REACTIONS,
            DemoVocabulary.PRODUCTS,
            DemoVocabulary.CONTACT_TITLES,
            DemoVocabulary.SURNAMES,
            DemoVocabulary.GIVEN_NAMES)) {
      words.forEach(DemoCopyWriter::encode);
    }
  }
}
