package dev.aifactory.policy.admissions.web;

import dev.aifactory.common.security.Caller;
import dev.aifactory.policy.admissions.Admission;
import dev.aifactory.policy.admissions.AdmissionRequest;
import dev.aifactory.policy.admissions.DeploymentAdmission;
import dev.aifactory.policy.admissions.DeploymentRequest;
import dev.aifactory.policy.admissions.TrainingAdmission;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class AdmissionController {

  private final TrainingAdmission admission;
  private final DeploymentAdmission deployments;

  AdmissionController(TrainingAdmission admission, DeploymentAdmission deployments) {
    this.admission = admission;
    this.deployments = deployments;
  }

  /** 200 whatever the verdict: a deny is {@code allowed=false} with its reasons. */
  @PostMapping("/api/v1/admissions/training")
  Admission training(@RequestBody(required = false) AdmissionRequest request, Caller caller) {
    return admission.admit(request, caller);
  }

  /** 200 whatever the verdict, like training admission. */
  @PostMapping("/api/v1/admissions/deployment")
  Admission deployment(@RequestBody(required = false) DeploymentRequest request, Caller caller) {
    return deployments.admit(request, caller);
  }
}
