package dev.aifactory.gateway.endpoint;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Loads the models of current deployments before the gateway reports ready, so a restarted gateway
 * serves at once instead of loading on the first requests.
 */
@Component
class DeploymentWarmUp implements ApplicationRunner {

  private final EndpointManagement management;

  DeploymentWarmUp(EndpointManagement management) {
    this.management = management;
  }

  @Override
  public void run(ApplicationArguments args) {
    management.loadDeployedModels();
  }
}
