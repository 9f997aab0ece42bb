package com.chatcrm.language;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The customer a line names, found by the tenant's {@link CustomerLinker} anywhere in the line:
 * ahead of every guess from positions, because it is one the user really has.
 */
final class LinkedCustomers {

  /** 星河那边 / 星河这边: the place word belongs to the name, not to the story. */
  private static final Pattern SIDE = Pattern.compile("\\s*(那边|这边|那家|这家|方面)");

  /** 星河的李总 / 星河的单子 where a word starts: the possessive belongs to the name. */
  private static final Pattern OF = Pattern.compile("\\s*的");

  private LinkedCustomers() {}

  static void read(ParseRun r, CustomerLinker linker) {
    for (CustomerSpan s : linker.find(r.text)) {
      if (s.start() < 0
          || s.end() > r.text.length()
          || s.start() >= s.end()
          || s.customers().isEmpty()
          || r.isUsed(s.start(), s.end())) {
        continue;
      }
      KnownCustomer only =
          s.only() != null ? s.only() : namedSo(s, r.text.substring(s.start(), s.end()));
      r.candidates.clear();
      if (only != null) {
        r.customer = only.name();
        r.customerId = only.id();
        r.candidates.add(only.name());
      } else {
        // several customers go by this form: the chat asks which (searching the form finds them)
        r.customer = r.text.substring(s.start(), s.end());
        r.candidates.add(r.customer);
      }
      r.linkStart = s.start();
      r.linkEnd = s.end();
      r.use(s.start(), s.end());
      r.linkTail = swallow(r, SIDE, s.end());
      if (s.start() == 0 || !Character.isLetter(r.text.charAt(s.start() - 1))) {
        r.linkTail = swallow(r, OF, r.linkTail);
      }
      return;
    }
  }

  /**
   * The one customer whose own full name or alias is exactly what was typed, when the form also
   * fits others only as a shortening (星河传媒有限公司 typed whole, beside 北京星河传媒有限公司); else null.
   */
  private static KnownCustomer namedSo(CustomerSpan s, String typed) {
    java.util.List<KnownCustomer> own =
        s.customers().stream()
            .filter(c -> c.name().equalsIgnoreCase(typed) || c.aliases().contains(typed))
            .toList();
    return own.size() == 1 ? own.get(0) : null;
  }

  /** Uses what {@code p} matches at {@code at}; where the used characters now end. */
  private static int swallow(ParseRun r, Pattern p, int at) {
    Matcher m = p.matcher(r.text).region(Math.min(at, r.text.length()), r.text.length());
    if (m.lookingAt() && !r.isUsed(m.start(), m.end())) {
      r.use(m.start(), m.end());
      return m.end();
    }
    return at;
  }

  /** Forget the link (新客户 星河 names a new customer, whatever the tenant already has). */
  static void unlink(ParseRun r) {
    if (!r.linked()) {
      return;
    }
    r.free(r.linkStart, r.linkTail);
    r.customer = null;
    r.customerId = null;
    r.candidates.clear();
    r.linkStart = -1;
    r.linkEnd = -1;
  }
}
