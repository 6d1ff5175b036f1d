package dev.aifactory.gateway.serving;

/**
 * One kind of model server behind {@link ModelBackends}: it serves the models whose location
 * ({@link ServableModel#artifactUri()}) it recognises — a file for the in-process backend, an
 * {@code http(s)} URL of a model on an Open Inference Protocol v2 server for the remote one.
 */
public interface BackendAdapter extends ModelBackend {

  boolean serves(String artifactUri);
}
