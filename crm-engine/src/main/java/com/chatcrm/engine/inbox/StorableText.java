package com.chatcrm.engine.inbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Inbound text as PostgreSQL can store it: without U+0000 (text and jsonb refuse it, and a message
 * that cannot be written would be re-delivered and refused forever) and without the other C0
 * control characters except tab and newline, which no chat message needs and which forge lines in
 * logs. The platforms are authenticated, so the message is kept and only those characters go.
 */
public final class StorableText {

  private StorableText() {}

  /**
   * The text without C0 control characters other than tab and newline; the same instance when it
   * has none.
   */
  public static String clean(String s) {
    if (s == null || !needsCleaning(s)) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!unwanted(c)) {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * The object with every key and string value cleaned; the same instance when nothing needed it.
   */
  public static JsonObject clean(JsonObject o) {
    return o == null || !needsCleaning(o) ? o : new JsonObject(cleanMap(o.getMap()));
  }

  /**
   * Whether a key or string value anywhere in the object holds a character {@link #clean} drops.
   */
  public static boolean hasUnstorable(JsonObject o) {
    return o != null && needsCleaning(o);
  }

  private static boolean needsCleaning(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (unwanted(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean unwanted(char c) {
    return c < 0x20 && c != '\t' && c != '\n';
  }

  private static boolean needsCleaning(Object v) {
    if (v instanceof String s) {
      return needsCleaning(s);
    }
    if (v instanceof JsonObject o) {
      return needsCleaning(o.getMap());
    }
    if (v instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (needsCleaning(e.getKey()) || needsCleaning(e.getValue())) {
          return true;
        }
      }
      return false;
    }
    if (v instanceof JsonArray a) {
      return needsCleaning(a.getList());
    }
    if (v instanceof List<?> l) {
      for (Object item : l) {
        if (needsCleaning(item)) {
          return true;
        }
      }
    }
    return false;
  }

  private static Object cleanValue(Object v) {
    if (v instanceof String s) {
      return clean(s);
    }
    if (v instanceof JsonObject o) {
      return new JsonObject(cleanMap(o.getMap()));
    }
    if (v instanceof Map<?, ?> m) {
      return new JsonObject(cleanMap(m));
    }
    if (v instanceof JsonArray a) {
      return new JsonArray(cleanList(a.getList()));
    }
    if (v instanceof List<?> l) {
      return new JsonArray(cleanList(l));
    }
    return v;
  }

  private static Map<String, Object> cleanMap(Map<?, ?> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(clean(String.valueOf(k)), cleanValue(v)));
    return out;
  }

  private static List<Object> cleanList(List<?> l) {
    List<Object> out = new ArrayList<>(l.size());
    l.forEach(v -> out.add(cleanValue(v)));
    return out;
  }
}
