package dev.aifactory.policy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Service-wide switches. {@code devMode} relaxes checks meant for shared installations (webhooks
 * may then use plain http to a loopback address).
 */
@ConfigurationProperties("aifactory.policy")
public record PolicyProperties(@DefaultValue("false") boolean devMode) {}
