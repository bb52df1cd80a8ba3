import { partitionView, ProjectionVersionView, versionView } from '@reimbursements/domain/ops/partition-status';
import { MongoPartitionStatus } from '@reimbursements/mongo/mongo-partition-status';
import { Injectable, Logger } from '@nestjs/common';
import { OpsKafka } from '../ops-connections';
import { QueryApiSettings } from '../../query-api.settings';
import { LiveVersion } from '../projection-versions/live-version';

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
    private readonly versions: LiveVersion,
    private readonly kafka: OpsKafka,
    private readonly settings: QueryApiSettings,
  ) {}

  async projections(): Promise<ProjectionView[]> {
    const state = await this.versions.refresh();
    const ends = await this.ends([this.settings.LOG_TOPIC, this.settings.CATALOG_TOPIC]);
    const now = Date.now();
    const view: ProjectionView = { name: state.projection, activeVersion: state.live, versions: [] };
    for (const entry of state.versions) {
      if (entry.state === 'dropped') continue;
      const { projection } = this.versions.of(entry.version);
      const rows = (await new MongoPartitionStatus(this.versions.dbOf(entry.version)).partitions()).filter((r) => r.projection === projection);
      // Partitions the version has applied nothing of yet have no document: they lag all the same.
      for (const [topic, partitions] of ends) {
        for (const partition of partitions.keys()) {
          if (!rows.some((r) => r.topic === topic && r.partition === partition)) rows.push({ projection, topic, partition, appliedOffset: -1, skipped: [] });
        }
      }
      const sorted = rows.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
      view.versions.push(
        versionView(
          entry.version,
          entry.state,
          sorted.map((p) => partitionView(p, ends.get(p.topic)?.get(p.partition), now)),
          sorted.flatMap((p) => p.skipped),
        ),
      );
    }
    return [view];
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
