package com.chatcrm.bench.reliability;

import static com.chatcrm.bench.reliability.GenuineCallbacks.nowSeconds;

import com.chatcrm.bench.reliability.CallbackForgery.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hostile callbacks for every public callback route (WeCom GET check and POST, DingTalk robot,
 * events, card), from a seeded generator: the same seed gives the same categories and routes, and
 * the same mutations until one draws on a signature or ciphertext (they depend on the clock and on
 * the cipher's own randomness). None of them is a callback the platform would send, so none may be
 * acknowledged or write anything.
 */
final class HostileCallbacks {

  enum Category {
    MISSING_SIGNATURE("missing signature or parameters"),
    BAD_SIGNATURE("wrong signature"),
    STALE_TIMESTAMP("signed, timestamp 1 h+ to years old"),
    FUTURE_TIMESTAMP("signed, timestamp 1 h+ to years ahead"),
    FLIPPED_BYTES("genuine, one byte flipped (ciphertext, signature, timestamp)"),
    WRONG_CORP("genuine, to a wrong/unknown corp (CR/LF, %00, unicode, 4 KB ids)"),
    XXE("signed XML with an external entity (XXE)"),
    BILLION_LAUGHS("signed XML with nested entities (billion laughs)"),
    OVERSIZED("oversized body, query or header"),
    INVALID_UTF8("invalid UTF-8 (signed where possible)"),
    NUL_BYTES("NUL bytes in ids, parameters and payloads"),
    TYPE_CONFUSION("signed JSON/XML of the wrong types, deep nesting"),
    REPLAY_OTHER_BODY("a genuine signature replayed with another body"),
    CRAFTED_LENGTH("signed envelope with a crafted length field");

    final String label;

    Category(String label) {
      this.label = label;
    }
  }

  private static final String[] ROUTES = {
    "wecom-get", "wecom-post", "dingtalk-robot", "dingtalk-events", "dingtalk-card"
  };

  private final HostileDice dice;
  private final GenuineCallbacks genuine;
  private final TamperedCallbacks tampered;
  private final MalformedPayloads malformed;

  /**
   * @param robotControls genuine robot callbacks already posted (their signature headers get
   *     replayed)
   */
  HostileCallbacks(long seed, List<Request> robotControls) {
    this.dice = new HostileDice(seed);
    this.genuine = new GenuineCallbacks(dice, Math.abs(seed % 1_000_000) * 1_000_000);
    this.tampered = new TamperedCallbacks(dice, genuine, robotControls);
    this.malformed = new MalformedPayloads(dice, genuine);
  }

  /** A labelled hostile request. */
  record Hostile(Category category, String route, Request request) {}

  Hostile next() {
    Category c = Category.values()[dice.nextInt(Category.values().length)];
    String route =
        switch (c) {
          case XXE, BILLION_LAUGHS -> "wecom-post";
          case REPLAY_OTHER_BODY, TYPE_CONFUSION, OVERSIZED ->
              dice.pick("wecom-post", "dingtalk-robot", "dingtalk-events", "dingtalk-card");
          case CRAFTED_LENGTH -> dice.pick("wecom-get", "wecom-post", "dingtalk-events");
          default -> dice.pick(ROUTES);
        };
    return new Hostile(c, route, build(c, route));
  }

  private Request build(Category c, String route) {
    return switch (c) {
      case MISSING_SIGNATURE -> tampered.missingSignature(route);
      case BAD_SIGNATURE -> tampered.badSignature(route);
      case STALE_TIMESTAMP ->
          genuine.genuine(
              route,
              -dice.pickLong(
                  3_700,
                  86_400,
                  365L * 86_400,
                  10L * 365 * 86_400,
                  nowSeconds(),
                  nowSeconds() + 1));
      case FUTURE_TIMESTAMP ->
          genuine.genuine(route, dice.pickLong(3_700, 86_400, 365L * 86_400, 50L * 365 * 86_400));
      case FLIPPED_BYTES -> tampered.flipped(route);
      case WRONG_CORP -> tampered.wrongCorp(route);
      case XXE -> malformed.xxe();
      case BILLION_LAUGHS -> malformed.billionLaughs();
      case OVERSIZED -> tampered.oversized(route);
      case INVALID_UTF8 -> malformed.invalidUtf8(route);
      case NUL_BYTES -> malformed.nul(route);
      case TYPE_CONFUSION -> malformed.typeConfusion(route);
      case REPLAY_OTHER_BODY -> tampered.replay(route);
      case CRAFTED_LENGTH -> tampered.craftedLength(route);
    };
  }

  /** A robot message as DingTalk posts it, from a sandbox member, with a fresh message id. */
  String robotBody() {
    return genuine.robotBody();
  }

  /** Categories in a stable order, for the report. */
  static List<Category> categories() {
    return new ArrayList<>(List.of(Category.values()));
  }

  static Map<String, String> routesDescribed() {
    return Map.of(
        "wecom-get",
        "GET /callback/wecom/{corp}",
        "wecom-post",
        "POST /callback/wecom/{corp}",
        "dingtalk-robot",
        "POST /callback/dingtalk/{corp}/robot",
        "dingtalk-events",
        "POST /callback/dingtalk/{corp}/events",
        "dingtalk-card",
        "POST /callback/dingtalk/{corp}/card");
  }
}
