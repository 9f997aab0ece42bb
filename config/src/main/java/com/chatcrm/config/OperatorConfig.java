package com.chatcrm.config;

import java.util.Optional;

/**
 * Who may use the operator API ({@code /operator/...}: registering companies): requests carrying
 * {@code Authorization: Bearer <token>}; without a token the API is off. Environment only.
 */
public record OperatorConfig(Optional<String> token) {

  @Override
  public String toString() {
    return "OperatorConfig[token=" + (token.isPresent() ? "***" : "none") + "]";
  }
}
