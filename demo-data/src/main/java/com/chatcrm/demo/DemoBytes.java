package com.chatcrm.demo;

import java.util.ArrayList;
import java.util.List;

/** The vocabulary as COPY-ready bytes, encoded once. */
final class DemoBytes {
  static final DemoBytes INSTANCE = new DemoBytes();

  final byte[][] industryCategory =
      enc(DemoVocabulary.INDUSTRIES.stream().map(DemoVocabulary.Industry::category).toList());
  final byte[][] sources = enc(DemoVocabulary.SOURCES);
  final byte[][] levels = enc(List.of(DemoPlan.LEVELS));
  final byte[][] districts = enc(DemoVocabulary.DISTRICTS);
  final byte[][] roads = enc(DemoVocabulary.ROADS);
  final byte[] shi = DemoCopyWriter.encode("市");
  final byte[] hao = DemoCopyWriter.encode("号");
  final byte[][] tagSets;
  final byte[][] surnames = enc(DemoVocabulary.SURNAMES);
  final byte[][] givenNames = enc(DemoVocabulary.GIVEN_NAMES);
  final byte[][] titles = enc(DemoVocabulary.CONTACT_TITLES);
  final byte[] contactMail = DemoCopyWriter.encode("contact");
  final byte[] contactMailDomain = DemoCopyWriter.encode("@example.com");
  final byte[] wxid = DemoCopyWriter.encode("wxid_");
  final byte[][] products = enc(DemoVocabulary.PRODUCTS);
  final byte[][] opportunityKinds = enc(DemoVocabulary.OPPORTUNITY_KINDS);
  final byte[][] lostReasons = enc(DemoVocabulary.LOST_REASONS);
  final byte[][] methods = enc(DemoVocabulary.METHODS);
  final byte[][][] contents;
  final byte[][] nextSteps = enc(DemoVocabulary.NEXT_STEPS);
  final byte[] chat = DemoCopyWriter.encode("chat");
  final byte[] miniApp = DemoCopyWriter.encode("mini_app");
  final byte[] importSource = DemoCopyWriter.encode("import");
  final byte[] messagePrefix = DemoCopyWriter.encode("demo-msg-");

  private DemoBytes() {
    List<String> sets = new ArrayList<>();
    sets.add("{}");
    for (List<String> set : DemoVocabulary.TAG_SETS) {
      sets.add("{" + String.join(",", set) + "}");
    }
    tagSets = enc(sets);
    contents = new byte[DemoVocabulary.METHODS.size()][][];
    for (int m = 0; m < contents.length; m++) {
      List<String> all = new ArrayList<>();
      for (String opening : DemoVocabulary.OPENINGS.get(m)) {
        for (String product : DemoVocabulary.PRODUCTS) {
          for (String reaction : DemoVocabulary.REACTIONS) {
            all.add(String.format(opening, product) + "，" + reaction + "。");
          }
        }
      }
      contents[m] = enc(all);
    }
  }

  private static byte[][] enc(List<String> texts) {
    return texts.stream().map(DemoCopyWriter::encode).toArray(byte[][]::new);
  }
}
