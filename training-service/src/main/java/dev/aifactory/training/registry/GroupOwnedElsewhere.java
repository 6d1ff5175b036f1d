package dev.aifactory.training.registry;

/** The model group name is taken by another team. */
public class GroupOwnedElsewhere extends RuntimeException {

  public GroupOwnedElsewhere(String name) {
    super("model group '" + name + "' belongs to another team; choose another name");
  }
}
