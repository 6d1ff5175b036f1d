package dev.aifactory.ingestion.grants;

/** What a grant allows: reading a dataset's data, or only seeing that it exists and its schema. */
public enum Permission {
  READ("SELECT"),
  DESCRIBE("DESCRIBE");

  private final String lakeFormation;

  Permission(String lakeFormation) {
    this.lakeFormation = lakeFormation;
  }

  /** The Lake Formation table permission that implements this one. */
  public String lakeFormation() {
    return lakeFormation;
  }
}
