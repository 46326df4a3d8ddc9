package org.ahphub.mapper.rules;

import java.util.List;

/**
 * A versioned, pure crediting rule: statement + reference data → credits. No I/O, no Vert.x; the
 * same input always gives the same credits, which is what makes replay possible. A rule's
 * {@link #version()} changes whenever what it credits changes.
 */
public interface CreditingRule {

  String id();

  int version();

  List<Credit> credits(StatementView statement, ReferenceData reference);
}
