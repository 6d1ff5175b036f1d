package dev.aifactory.ingestion.grants.local;

import dev.aifactory.ingestion.catalog.CatalogEntry;
import dev.aifactory.ingestion.grants.DataAccessGrants;
import dev.aifactory.ingestion.grants.Grant;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Local mode enforcement (the default): the grants recorded in PostgreSQL ({@code access_grants})
 * and the tags of every version ({@code catalog_entries}, the version rows) are all the access
 * check needs, so there is nothing further to apply.
 */
@Component
@ConditionalOnProperty(
    name = "aifactory.ingestion.grants",
    havingValue = "local",
    matchIfMissing = true)
class LocalDataAccessGrants implements DataAccessGrants {

  @Override
  public void label(CatalogEntry entry) {
    // See the class comment.
  }

  @Override
  public void grant(Grant grant) {
    // See the class comment.
  }

  @Override
  public void revoke(Grant grant) {
    // Deleting the row is the revocation; see the class comment.
  }
}
