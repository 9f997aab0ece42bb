/**
 * The ports the outside world implements for the engine: {@link com.chatcrm.engine.port.Notifier},
 * {@link com.chatcrm.engine.port.ReportChartLinks}, {@link com.chatcrm.engine.port.DirectorySync}.
 */
package com.chatcrm.engine.port;
