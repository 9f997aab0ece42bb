package com.chatcrm.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Where the one HTTP server listens, how long a graceful stop waits for in-flight requests, and the
 * public URL people reach it by (for links in pushed messages; empty = http://localhost:port).
 */
public record HttpConfig(
    String host, int port, Duration shutdownGrace, Optional<String> publicUrl) {}
