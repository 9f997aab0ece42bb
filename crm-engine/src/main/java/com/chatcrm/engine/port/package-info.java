/** The ports the outside world implements for the engine: {@link com.chatcrm.engine.port.Notifier}. */
package com.chatcrm.engine.port;
