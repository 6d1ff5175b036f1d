package dev.aifactory.ingestion.grants;

import dev.aifactory.ingestion.catalog.CatalogEntry;

/**
 * Enforcement of data access: PostgreSQL by default, AWS Lake Formation in AWS mode ({@code
 * aifactory.ingestion.grants=local|aws}).
 */
public interface DataAccessGrants {

  /** Labels a newly catalogued version's table with its tags, so tag-expression grants apply. */
  void label(CatalogEntry entry);

  /** Gives the principal the permissions on the dataset or the tag expression. */
  void grant(Grant grant);

  /** Takes back what {@link #grant} gave, when the grant is deleted. */
  void revoke(Grant grant);
}
