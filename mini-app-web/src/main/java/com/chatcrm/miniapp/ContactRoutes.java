package com.chatcrm.miniapp;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.contact.ContactChanges;
import com.chatcrm.engine.contact.ContactService;
import com.chatcrm.engine.contact.NewContact;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** A customer's contacts: the list, adding, editing and deleting one. */
final class ContactRoutes {

  private final ContactService contacts;

  ContactRoutes(Engine engine) {
    this.contacts = engine.contacts();
  }

  void addTo(Operations operations) {
    operations.on(
        "listContacts",
        200,
        c ->
            contacts
                .listByCustomer(c.actor(), c.id())
                .map(l -> new JsonObject().put("items", Views.all(l, Views::contact))));
    operations.on("addContact", 201, this::addContact);
    operations.on("updateContact", 200, this::updateContact);
    operations.on(
        "deleteContact", 200, c -> contacts.delete(c.actor(), c.id()).map(Views::contact));
  }

  private Future<Object> updateContact(Call c) {
    JsonObject b = c.body();
    ContactChanges changes =
        new ContactChanges(
            b.getString("name"),
            b.getString("title"),
            b.containsKey("phones") ? Call.strings(b, "phones") : null,
            b.getString("email"),
            b.getString("wechatId"));
    return contacts
        .update(c.actor(), c.id(), c.bodyInt("version"), changes, force(b))
        .map(Views::contact);
  }

  /** The user saw the duplicate-phone warning and saves anyway. */
  private static boolean force(JsonObject b) {
    return Boolean.TRUE.equals(b.getBoolean("force"));
  }

  private Future<Object> addContact(Call c) {
    JsonObject b = c.body();
    return contacts
        .add(
            c.actor(),
            c.id(),
            new NewContact(
                b.getString("name"),
                b.getString("title"),
                Call.strings(b, "phones"),
                b.getString("email"),
                b.getString("wechatId")),
            force(b))
        .map(Views::contact);
  }
}
