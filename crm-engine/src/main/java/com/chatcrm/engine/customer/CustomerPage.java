package com.chatcrm.engine.customer;

import java.util.List;

/**
 * One page of a customer list; pass {@code nextCursor} to get the next, null when there is none.
 */
public record CustomerPage(List<Customer> items, Long nextCursor) {}
