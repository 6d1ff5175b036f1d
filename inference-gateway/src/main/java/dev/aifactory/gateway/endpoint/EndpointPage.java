package dev.aifactory.gateway.endpoint;

import java.util.List;

/** One page of a team's endpoints. */
public record EndpointPage(List<Endpoint> items, int page, int size, long total) {}
