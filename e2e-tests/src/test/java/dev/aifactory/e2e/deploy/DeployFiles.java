package dev.aifactory.e2e.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the deploy/ folder is: failsafe passes the repository root as aifactory.root. */
final class DeployFiles {

  private DeployFiles() {}

  static Path root() {
    String configured = System.getProperty("aifactory.root");
    Path root =
        configured != null ? Paths.get(configured) : Paths.get("").toAbsolutePath().getParent();
    if (!Files.isDirectory(root.resolve("deploy"))) {
      throw new IllegalStateException("no deploy/ folder under " + root);
    }
    return root.resolve("deploy");
  }
}
