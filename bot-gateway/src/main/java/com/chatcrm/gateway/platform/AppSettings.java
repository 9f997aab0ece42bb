package com.chatcrm.gateway.platform;

import com.chatcrm.engine.error.InvalidInput;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/** Checks of a company's app settings before they are stored, shared by the platforms. */
public final class AppSettings {

  /** The 43 characters of an EncodingAESKey / aes_key (base64 of 32 bytes without the '='). */
  private static final Pattern AES_KEY = Pattern.compile("[A-Za-z0-9+/]{43}");

  private AppSettings() {}

  /** The non-empty text of {@code field}; InvalidInput when missing. */
  public static String required(JsonObject settings, String field) {
    Object value = settings.getValue(field);
    if (!(value instanceof String s) || s.isBlank()) {
      throw InvalidInput.field(field, "is required");
    }
    return s.strip();
  }

  /** A positive whole number in {@code field}; InvalidInput when missing or not one. */
  public static long positive(JsonObject settings, String field, boolean required) {
    Object value = settings.getValue(field);
    if (value == null && !required) {
      return 0;
    }
    try {
      long n =
          value instanceof Number num ? num.longValue() : Long.parseLong(String.valueOf(value));
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw InvalidInput.field(field, "must be a positive whole number");
  }

  /** An AES key of 43 characters in {@code field}, when present or required. */
  public static void aesKey(JsonObject settings, String field, boolean required) {
    Object value = settings.getValue(field);
    if (value == null && !required) {
      return;
    }
    if (!(value instanceof String s) || !AES_KEY.matcher(s).matches()) {
      throw InvalidInput.field(
          field, "must be the console's 43-character key (letters and digits)");
    }
  }

  /** The host of {@code publicUrl}, for the consoles' trusted-domain settings. */
  public static String host(String publicUrl) {
    return java.net.URI.create(publicUrl).getHost();
  }
}
