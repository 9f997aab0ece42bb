package com.chatcrm.engine.contact;

import java.time.Instant;
import java.util.List;

/** A person at a customer (联系人): name, title, phones, email, WeChat id. */
public record Contact(
    long id,
    long customerId,
    String name,
    String title,
    List<String> phones,
    String email,
    String wechatId,
    long createdBy,
    Instant createdAt,
    Instant updatedAt,
    int version,
    boolean deleted) {}
