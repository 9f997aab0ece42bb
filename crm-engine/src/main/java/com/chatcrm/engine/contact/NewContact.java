package com.chatcrm.engine.contact;

import java.util.List;

/** A contact to add. Only the name is required. */
public record NewContact(
    String name, String title, List<String> phones, String email, String wechatId) {

  public static NewContact named(String name) {
    return new NewContact(name, null, List.of(), null, null);
  }

  public NewContact withTitle(String v) {
    return new NewContact(name, v, phones, email, wechatId);
  }

  public NewContact withPhones(String... numbers) {
    return new NewContact(name, title, List.of(numbers), email, wechatId);
  }

  public NewContact withEmail(String v) {
    return new NewContact(name, title, phones, v, wechatId);
  }

  public NewContact withWechat(String v) {
    return new NewContact(name, title, phones, email, v);
  }
}
