import { EventTypeCatalog } from '@reimbursements/domain/catalog/event-type-catalog';
import { EVENT_TYPE_DEFINED, EVENT_TYPE_DEFINED_SCHEMA_VERSION } from '@reimbursements/domain/catalog/event-type-defined.record';
import { CatalogFeed } from '@reimbursements/domain/ports/catalog-feed.port';

/** Unit tests' stand-in for the catalog topic: the given types, each with one amount. */
export class FixedCatalogFeed extends CatalogFeed {
  private readonly catalog = new EventTypeCatalog();

  constructor(amounts: Record<string, number>) {
    super();
    for (const [code, amountCents] of Object.entries(amounts)) {
      this.catalog.apply({
        recordId: `defined-${code}`,
        type: EVENT_TYPE_DEFINED,
        schemaVersion: EVENT_TYPE_DEFINED_SCHEMA_VERSION,
        recordedAt: '2026-01-01T00:00:00.000Z',
        correlationId: 'test',
        recordedBy: 'test',
        payload: { code, name: code, amountCents, currency: 'SEK' },
      });
    }
  }

  current(): EventTypeCatalog {
    return this.catalog;
  }

  async catchUp(): Promise<EventTypeCatalog> {
    return this.catalog;
  }
}
