import { EventTypeCatalog } from '../catalog/event-type-catalog';
import { AppendedRecord } from './event-log.port';

/** The command side's view of the catalog topic. */
export abstract class CatalogFeed {
  /** The catalog folded so far (possibly behind the topic). */
  abstract current(): EventTypeCatalog;
  /**
   * Resolves once the view includes every catalog record written before the call (or `upTo`),
   * so an unknown code is refused only after checking. Throws DependencyUnavailableError on timeout.
   */
  abstract catchUp(upTo?: AppendedRecord): Promise<EventTypeCatalog>;
}
