package com.chatcrm.engine.contact;

import java.util.List;

/**
 * The fields an edit sets: null leaves a field as it is, a blank string (or empty list) clears it.
 */
public record ContactChanges(
    String name, String title, List<String> phones, String email, String wechatId) {

  public static ContactChanges none() {
    return new ContactChanges(null, null, null, null, null);
  }

  public ContactChanges name(String v) {
    return new ContactChanges(v, title, phones, email, wechatId);
  }

  public ContactChanges title(String v) {
    return new ContactChanges(name, v, phones, email, wechatId);
  }

  public ContactChanges phones(List<String> v) {
    return new ContactChanges(name, title, v, email, wechatId);
  }

  public ContactChanges email(String v) {
    return new ContactChanges(name, title, phones, v, wechatId);
  }

  public ContactChanges wechatId(String v) {
    return new ContactChanges(name, title, phones, email, v);
  }
}
