package com.chatcrm.engine.lead;

import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.opportunity.Opportunity;

/** What a conversion made: the lead (now converted), its customer, contact and opportunity. */
public record ConvertedLead(
    Lead lead, Customer customer, Long contactId, Opportunity opportunity) {}
