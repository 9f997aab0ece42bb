package com.chatcrm.miniapp;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.contact.ContactService;
import com.chatcrm.engine.contact.NewContact;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** A customer's contacts: the list and adding one. */
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
                b.getString("wechatId")))
        .map(Views::contact);
  }
}
