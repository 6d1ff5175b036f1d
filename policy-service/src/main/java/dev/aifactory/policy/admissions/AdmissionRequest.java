package dev.aifactory.policy.admissions;

import java.util.List;

/** What training asks before it launches a run (the body of POST /api/v1/admissions/training). */
public record AdmissionRequest(
    String modelGroup,
    String datasetId,
    Integer datasetVersion,
    String datasetQualityStatus,
    List<String> datasetTags,
    Double estimatedCost,
    String trigger,
    String requestedBy) {}
