package dev.aifactory.gateway.endpoint;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Fills the routing table and loads the models of current deployments before the gateway reports
 * ready, so a restarted gateway serves at once instead of loading on the first requests.
 */
@Component
class DeploymentWarmUp implements ApplicationRunner {

  private final Routes routes;

  DeploymentWarmUp(Routes routes) {
    this.routes = routes;
  }

  /** Fills the routing table; every deployment is new to it, so all their models load. */
  @Override
  public void run(ApplicationArguments args) {
    routes.reload();
  }
}
