package dev.aifactory.common.security;

import org.springframework.security.core.Authentication;

/**
 * An authentication that already holds its {@link Caller}, built once when its token was first
 * accepted rather than read from the token's claims on every request.
 *
 * <p>Contract: {@link #caller()} is what {@link CallerArgumentResolver#fromJwt} gives for the token
 * this authentication stands for (the token's own subject, team and roles, before any {@link
 * Caller#ON_BEHALF_OF_HEADER} is applied), and never {@code null}. {@link
 * CallerArgumentResolver#current} prefers it to the claims.
 */
public interface CallerAuthentication extends Authentication {

  Caller caller();
}
