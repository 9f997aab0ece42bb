package com.chatcrm.gateway.command;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.org.OrgMember;
import com.chatcrm.engine.org.OrgQueries;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.gateway.message.ChatMessage.Button;
import com.chatcrm.language.CommandParser;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What to answer when an {@code @名字} matches no colleague, or several: nobody is told, and the rep
 * sees the colleagues they may have meant — those whose name contains what was typed, then the same
 * surname or one character off (周七 → 周八, 孙七) — each a button that sends the line again with that
 * name.
 */
final class ColleagueSuggestions {

  /** A name from the text that found no single colleague. */
  record Unknown(String name) {}

  private static final int MAX = 5;

  private final OrgQueries org;

  ColleagueSuggestions(OrgQueries org) {
    this.org = org;
  }

  /**
   * Colleagues (names, closest first) the rep may have meant by {@code name}; never the rep
   * themself.
   */
  Future<List<String>> suggest(Actor actor, String name) {
    Map<Long, OrgMember> found = new LinkedHashMap<>();
    List<String> probes = new ArrayList<>();
    probes.add(name);
    name.codePoints()
        .distinct()
        .mapToObj(Character::toString)
        .filter(c -> !probes.contains(c))
        .forEach(probes::add);
    Future<Void> chain = Future.succeededFuture();
    for (String probe : probes) {
      chain =
          chain.compose(
              v ->
                  org.findByName(actor, probe)
                      .otherwise(List.of())
                      .map(
                          list -> {
                            list.stream()
                                .filter(m -> m.active() && m.id() != actor.userId())
                                .forEach(m -> found.putIfAbsent(m.id(), m));
                            return null;
                          }));
    }
    return chain.map(
        v ->
            found.values().stream()
                .sorted(
                    Comparator.comparingInt((OrgMember m) -> -closeness(name, m.name()))
                        .thenComparing(OrgMember::name))
                .filter(m -> closeness(name, m.name()) > 0)
                .limit(MAX)
                .map(OrgMember::name)
                .toList());
  }

  /**
   * 4 contains the typed name, 3 one character off, 2 same surname, 1 shares a character, 0
   * nothing.
   */
  static int closeness(String typed, String name) {
    if (name.contains(typed)) {
      return 4;
    }
    if (typed.length() == name.length()) {
      int diff = 0;
      for (int i = 0; i < typed.length(); i++) {
        diff += typed.charAt(i) == name.charAt(i) ? 0 : 1;
      }
      if (diff == 1) {
        return 3;
      }
    }
    if (!typed.isEmpty() && !name.isEmpty() && typed.charAt(0) == name.charAt(0)) {
      return 2;
    }
    return typed.codePoints().anyMatch(c -> name.indexOf(c) >= 0) ? 1 : 0;
  }

  /** Nobody named could be told: say so, and offer the line again with each suggested name. */
  static ChatMessage nobodyFound(String name, List<String> suggestions, String line) {
    String md =
        "没有通知任何人。"
            + (suggestions.isEmpty()
                ? "请检查名字，或请管理员同步通讯录。"
                : "你是不是要找：" + String.join("、", suggestions) + "？");
    String typed = CommandParser.normalize(line);
    List<Button> buttons =
        suggestions.stream()
            .limit(MAX)
            .map(
                s ->
                    new Button(
                        "cmd:"
                            + typed.replaceFirst(
                                Pattern.quote("@" + name), Matcher.quoteReplacement("@" + s)),
                        CardTexts.label("@" + s)))
            .toList();
    return new ChatMessage("通讯录里没有找到「" + name + "」", md, List.of(), buttons);
  }

  /**
   * For a reply that told some colleagues: the names that found nobody, with what they may have
   * meant.
   */
  static String notTold(String name, List<String> suggestions) {
    return "「"
        + name
        + "」不在通讯录中，没有通知"
        + (suggestions.isEmpty() ? "" : "（是不是要找：" + String.join("、", suggestions) + "？）");
  }
}
