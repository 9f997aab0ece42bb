package com.chatcrm.language;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON to read the evaluation set (one object a line): objects, arrays, strings,
 * numbers (as BigDecimal), booleans and null. The module has no JSON library and the test should
 * not add one for a file we write ourselves.
 */
final class EvalJson {

  private final String s;
  private int at;

  private EvalJson(String s) {
    this.s = s;
  }

  static Object parse(String text) {
    EvalJson p = new EvalJson(text);
    Object v = p.value();
    p.blank();
    if (p.at != p.s.length()) {
      throw p.error("text after the value");
    }
    return v;
  }

  private Object value() {
    blank();
    if (at >= s.length()) {
      throw error("a value is missing");
    }
    char c = s.charAt(at);
    return switch (c) {
      case '{' -> object();
      case '[' -> array();
      case '"' -> string();
      case 't' -> word("true", Boolean.TRUE);
      case 'f' -> word("false", Boolean.FALSE);
      case 'n' -> word("null", null);
      default -> number();
    };
  }

  private Map<String, Object> object() {
    Map<String, Object> m = new LinkedHashMap<>();
    at++;
    blank();
    if (peek('}')) {
      return m;
    }
    do {
      blank();
      String key = string();
      blank();
      expect(':');
      m.put(key, value());
      blank();
    } while (peek(','));
    expect('}');
    return m;
  }

  private List<Object> array() {
    List<Object> l = new ArrayList<>();
    at++;
    blank();
    if (peek(']')) {
      return l;
    }
    do {
      l.add(value());
      blank();
    } while (peek(','));
    expect(']');
    return l;
  }

  private String string() {
    expect('"');
    StringBuilder b = new StringBuilder();
    while (at < s.length() && s.charAt(at) != '"') {
      char c = s.charAt(at++);
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char e = s.charAt(at++);
      switch (e) {
        case 'n' -> b.append('\n');
        case 't' -> b.append('\t');
        case 'r' -> b.append('\r');
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'u' -> {
          b.append((char) Integer.parseInt(s.substring(at, at + 4), 16));
          at += 4;
        }
        default -> b.append(e);
      }
    }
    expect('"');
    return b.toString();
  }

  private BigDecimal number() {
    int start = at;
    while (at < s.length() && "+-0123456789.eE".indexOf(s.charAt(at)) >= 0) {
      at++;
    }
    if (start == at) {
      throw error("unexpected character");
    }
    return new BigDecimal(s.substring(start, at));
  }

  private Object word(String w, Object v) {
    if (!s.startsWith(w, at)) {
      throw error("expected " + w);
    }
    at += w.length();
    return v;
  }

  private boolean peek(char c) {
    if (at < s.length() && s.charAt(at) == c) {
      at++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (!peek(c)) {
      throw error("expected '" + c + "'");
    }
  }

  private void blank() {
    while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
      at++;
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at " + at + " of " + s);
  }
}
