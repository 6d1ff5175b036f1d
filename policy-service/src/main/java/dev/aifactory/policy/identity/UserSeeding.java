package dev.aifactory.policy.identity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Creates the configured users that do not exist yet. Existing users are left alone, so that a
 * password or role changed through the database is not reset by a restart.
 */
@Component
class UserSeeding {

  private static final Logger log = LoggerFactory.getLogger(UserSeeding.class);

  private final Users users;
  private final IdentityProperties identity;

  UserSeeding(Users users, IdentityProperties identity) {
    this.users = users;
    this.identity = identity;
  }

  @EventListener(ApplicationReadyEvent.class)
  void seed() {
    PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    for (IdentityProperties.User u : identity.users()) {
      String hash = u.password().startsWith("{") ? u.password() : encoder.encode(u.password());
      if (users.addIfAbsent(new User(u.username(), hash, u.team(), u.roles(), true))) {
        log.info("Created user {} of team {}", u.username(), u.team());
      }
    }
  }
}
