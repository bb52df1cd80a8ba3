import { projectionVersion } from '@reimbursements/domain/ops/projection-version';
import { partitionView, ProjectionVersionView, StoredPartitionStatus, versionView } from '@reimbursements/domain/ops/partition-status';
import { READ_MODELS_PROJECTION } from '@reimbursements/domain/projections/read-models-projection';
import { MongoPartitionStatus } from '@reimbursements/mongo/mongo-partition-status';
import { Injectable, Logger } from '@nestjs/common';
import { OpsKafka } from '../ops-connections';
import { QueryApiSettings } from '../../query-api.settings';

export interface ProjectionView {
  name: string;
  activeVersion: string | null;
  versions: ProjectionVersionView[];
}

/**
 * Every projection version's status: the applied offsets and what the projector reported (stuck
 * record, lag in time, fold rate, skips) from MongoDB, the end offsets from the broker. Without the
 * broker the projector's last seen ends stand in.
 */
@Injectable()
export class ProjectionStatusQuery {
  private readonly logger = new Logger('ProjectionStatus');

  constructor(
    private readonly store: MongoPartitionStatus,
    private readonly kafka: OpsKafka,
    private readonly settings: QueryApiSettings,
  ) {}

  async projections(): Promise<ProjectionView[]> {
    const rows = await this.store.partitions();
    const live = READ_MODELS_PROJECTION;
    const ends = await this.ends([this.settings.LOG_TOPIC, this.settings.CATALOG_TOPIC]);
    // Partitions the live version has applied nothing of yet have no document: they lag all the same.
    for (const [topic, partitions] of ends) {
      for (const partition of partitions.keys()) {
        if (!rows.some((r) => r.projection === live && r.topic === topic && r.partition === partition)) rows.push({ projection: live, topic, partition, appliedOffset: -1, skipped: [] });
      }
    }
    const now = Date.now();
    const byProjection = new Map<string, StoredPartitionStatus[]>();
    for (const row of rows) byProjection.set(row.projection, [...(byProjection.get(row.projection) ?? []), row]);
    const views = new Map<string, ProjectionView>();
    for (const [recordedAs, partitions] of [...byProjection].sort(([a], [b]) => a.localeCompare(b))) {
      const { name, version } = projectionVersion(recordedAs);
      const view = views.get(name) ?? { name, activeVersion: null, versions: [] };
      if (recordedAs === live) view.activeVersion = version;
      const sorted = [...partitions].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
      view.versions.push(
        versionView(
          version,
          recordedAs === live ? 'live' : 'retired',
          sorted.map((p) => partitionView(p, ends.get(p.topic)?.get(p.partition), now)),
          sorted.flatMap((p) => p.skipped),
        ),
      );
      views.set(name, view);
    }
    return [...views.values()];
  }

  private async ends(topics: string[]): Promise<Map<string, Map<number, number>>> {
    const ends = new Map<string, Map<number, number>>();
    for (const topic of topics) {
      try {
        ends.set(topic, await this.kafka.ends.lastOffsets(topic));
      } catch (error) {
        this.logger.warn({ topic, reason: (error as Error).message }, "end offsets unavailable; the projector's last report stands in");
      }
    }
    return ends;
  }
}
