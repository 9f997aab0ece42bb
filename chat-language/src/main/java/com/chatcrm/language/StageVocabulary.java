package com.chatcrm.language;

import com.chatcrm.language.CommandParser.StageName;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The words that name one tenant's stages: each stage's own name, its first and last two characters
 * (谈判签约 → 谈判, 签约), English aliases, and 赢单 / 输单 for the won and lost stages.
 */
final class StageVocabulary {

  private final List<StageName> stages;
  // built once per distinct stage list (CommandParser keeps them): the stages of a line never
  // change
  private final Map<String, String> aliases;
  private final Map<String, StageKind> kinds = new HashMap<>();
  private final String wonName;
  private final String lostName;

  StageVocabulary(List<StageName> stages) {
    this.stages = List.copyOf(stages);
    for (StageName s : this.stages) {
      kinds.putIfAbsent(s.name(), s.kind());
    }
    this.wonName = firstOfKind(StageKind.WON);
    this.lostName = firstOfKind(StageKind.LOST);
    this.aliases = Collections.unmodifiableMap(buildAliases());
  }

  /** Lower-case alias → the stage's name, own names first. */
  Map<String, String> aliases() {
    return aliases;
  }

  private Map<String, String> buildAliases() {
    Map<String, String> a = new LinkedHashMap<>();
    for (StageName s : stages) {
      a.put(s.name().toLowerCase(Locale.ROOT), s.name());
    }
    for (StageName s : stages) {
      String n = s.name();
      if (s.kind() == StageKind.OPEN && n.length() >= 4) {
        a.putIfAbsent(n.substring(0, 2), n);
        a.putIfAbsent(n.substring(n.length() - 2), n);
      }
    }
    Map<String, String> english =
        Map.of(
            "negotiation",
            "谈判",
            "proposal",
            "报价",
            "quote",
            "报价",
            "qualification",
            "需求",
            "needs",
            "需求",
            "prospect",
            "初步");
    english.forEach(
        (en, zh) -> {
          String target = a.get(zh);
          if (target != null) {
            a.putIfAbsent(en, target);
          }
        });
    for (String w : List.of("赢单", "won", "win", "成交")) {
      a.putIfAbsent(w, nameOfKind(StageKind.WON));
    }
    for (String w : List.of("输单", "lost", "丢单")) {
      a.putIfAbsent(w, nameOfKind(StageKind.LOST));
    }
    return a;
  }

  /** The stage named earliest in {@code s} (the longer alias where two start together), or null. */
  String in(String s) {
    String l = s.toLowerCase(Locale.ROOT);
    String best = null;
    int at = Integer.MAX_VALUE;
    int len = 0;
    for (Map.Entry<String, String> e : aliases.entrySet()) {
      int i = l.indexOf(e.getKey());
      if (i >= 0 && (i < at || i == at && e.getKey().length() > len)) {
        best = e.getValue();
        at = i;
        len = e.getKey().length();
      }
    }
    return best;
  }

  /** Where the first stage word of {@code m} starts, or its length when there is none. */
  int firstMention(String m) {
    int best = m.length();
    String l = m.toLowerCase(Locale.ROOT);
    for (String alias : aliases.keySet()) {
      int i = l.indexOf(alias);
      if (i >= 0 && i < best) {
        best = i;
      }
    }
    return best;
  }

  boolean isName(String s) {
    return aliases.containsKey(s.toLowerCase(Locale.ROOT));
  }

  StageKind kindOf(String name) {
    return kinds.getOrDefault(name, StageKind.OPEN);
  }

  String nameOfKind(StageKind kind) {
    return switch (kind) {
      case WON -> wonName;
      case LOST -> lostName;
      case OPEN -> firstOfKind(kind);
    };
  }

  private String firstOfKind(StageKind kind) {
    return stages.stream()
        .filter(s -> s.kind() == kind)
        .map(StageName::name)
        .findFirst()
        .orElse(kind == StageKind.WON ? "赢单" : "输单");
  }
}
