package com.chatcrm.miniapp;

import com.chatcrm.engine.Engine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every kind of export, by the code its links and API name it with. */
final class ExportSheets {

  private final Map<String, ExportSheet> byCode = new LinkedHashMap<>();

  ExportSheets(Engine engine) {
    for (ExportSheet s :
        List.of(
            new CustomerSheet(engine.customerList()),
            new FollowUpSheet(engine.followUpRange(), engine.customers()),
            new OpportunitySheet(engine.opportunityList()),
            new FunnelSheet(engine.pipeline()),
            new DailyFiguresSheet(engine.dailyFigures()))) {
      byCode.put(s.kind().code(), s);
    }
  }

  /** The kind of that code, or null. */
  ExportSheet get(String code) {
    return byCode.get(code);
  }
}
