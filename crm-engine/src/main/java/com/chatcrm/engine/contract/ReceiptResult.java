package com.chatcrm.engine.contract;

import java.math.BigDecimal;
import java.util.List;

/**
 * What a receipt did: the receipt's id, the contract after it, and the instalments it completed
 * ({@code newlyPaid}, by seq). {@code repeated} when the same chat message had recorded it already.
 */
public record ReceiptResult(
    long receiptId,
    BigDecimal amount,
    Contract contract,
    List<Integer> newlyPaid,
    boolean repeated) {}
