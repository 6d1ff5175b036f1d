package dev.aifactory.dashboard;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The internal web dashboard: pages over the services' APIs, called with the user's token. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DashboardApplication {

  public static void main(String[] args) {
    SpringApplication.run(DashboardApplication.class, args);
  }
}
