package dev.aifactory.policy.admissions;

import java.util.List;
import java.util.UUID;

/**
 * The answer to an admission request: {@code allowed} says whether training may go ahead, {@code
 * outcome} is the decision's effect (allow, warn or deny), {@code reasons} why.
 */
public record Admission(UUID decisionId, boolean allowed, String outcome, List<String> reasons) {}
