package com.chatcrm.engine.contract;

import java.math.BigDecimal;
import java.time.LocalDate;

/** An instalment as planned when the contract is made: its due date and amount in yuan. */
public record PlannedInstalment(LocalDate dueOn, BigDecimal amount) {}
