package dev.aifactory.policy;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Identity provider, CEL policies, the feedback loop's decisions and the audit log. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PolicyServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(PolicyServiceApplication.class, args);
  }
}
