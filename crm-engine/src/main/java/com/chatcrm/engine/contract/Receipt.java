package com.chatcrm.engine.contract;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/** One 回款 recorded on a contract: how much, on which day, and who recorded it when. */
public record Receipt(
    long id,
    BigDecimal amount,
    LocalDate receivedOn,
    String note,
    long recordedBy,
    String recordedByName,
    OffsetDateTime recordedAt) {}
