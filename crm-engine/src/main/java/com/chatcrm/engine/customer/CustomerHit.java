package com.chatcrm.engine.customer;

/**
 * One search result, best first; {@code score} orders exact, prefix, substring, pinyin and phone
 * hits.
 */
public record CustomerHit(Customer customer, int score, String matchedOn) {}
