package com.chatcrm.engine.input;

import com.chatcrm.engine.error.InvalidInput;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The one rule for text a user gives (names, follow-ups, reminders, reasons), shared by chat and
 * the mini-app: no C0 control character but tab, line feed and the CR of a Windows line end (CRLF,
 * as text pasted on Windows arrives), and no DEL. PostgreSQL refuses NUL outright (a 500 before
 * this rule), and the others are never typed by a person but forge log lines and break cards. A
 * name is one line: no line break or tab at all.
 */
public final class ControlCharacters {

  private static final Pattern FORBIDDEN =
      Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]|\\r(?!\\n)");
  private static final Pattern FORBIDDEN_IN_A_LINE = Pattern.compile("[\\x00-\\x1F\\x7F]");

  private ControlCharacters() {}

  /**
   * The text unchanged (null stays null); refuses one with a control character as invalid {@code
   * field}.
   */
  public static String refuse(String field, String text) {
    if (found(text)) {
      throw refusal(field);
    }
    return text;
  }

  /**
   * {@link #refuse} for a one-line value (a name, a phone): a line break or a tab is refused too.
   */
  public static String refuseInLine(String field, String text) {
    if (text != null && FORBIDDEN_IN_A_LINE.matcher(text).find()) {
      throw InvalidInput.field(field, "不能包含换行、制表符等控制字符，请删去后再试");
    }
    return text;
  }

  /** {@link #refuseInLine} for each of a list (phones, tags); null stays null. */
  public static List<String> refuseAllInLine(String field, List<String> texts) {
    if (texts != null) {
      texts.forEach(t -> refuseInLine(field, t));
    }
    return texts;
  }

  /** Whether the text has a character the rule refuses. */
  public static boolean found(String text) {
    return text != null && FORBIDDEN.matcher(text).find();
  }

  /** The refusal of {@code field} for holding a control character. */
  public static InvalidInput refusal(String field) {
    return InvalidInput.field(field, "不能包含控制字符（如 NUL），请删去后再试");
  }
}
