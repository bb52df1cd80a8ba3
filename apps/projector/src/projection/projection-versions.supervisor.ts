import { projectionVersion } from '@reimbursements/domain/ops/projection-version';
import { foldedVersions, ProjectionVersions, versionDatabase } from '@reimbursements/domain/ops/projection-versions';
import { READ_MODELS_PROJECTION } from '@reimbursements/domain/projections/read-models-projection';
import { KafkaControlFeed } from '@reimbursements/kafka/kafka-control-feed';
import { MongoPartitionStatus } from '@reimbursements/mongo/mongo-partition-status';
import { dropVersionReadModels, MongoProjectionVersions } from '@reimbursements/mongo/mongo-projection-versions';
import { Metrics } from '@reimbursements/platform/metrics/metrics';
import { Tracing } from '@reimbursements/platform/tracing/tracing';
import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { ProjectorSettings } from '../projector.settings';
import { FaultInjection } from './fault-injection';
import { VersionFold } from './version-fold';

const SWITCH_POLL_MS = 100;
const RETRY_MS = 5_000;

/**
 * Folds the versions the control topic says are live or being built, each beside the others
 * (version-fold.ts), and follows the ops commands as they arrive: a rebuild starts a version, a
 * switch retires the live one once the new one has applied at least as much, a drop removes a
 * version's read models, a replay makes a version read its stored offsets again. What it sees is
 * saved where the query-api reads which version answers (MongoProjectionVersions).
 */
export class ProjectionVersionsSupervisor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ProjectionVersions');
  private readonly name: string;
  private readonly firstVersion: string;
  private readonly folds = new Map<string, VersionFold>();
  private seen?: ProjectionVersions;
  private wanted?: ProjectionVersions;
  private reconciling: Promise<void> = Promise.resolve();
  private stopped = false;
  /** Until the control topic has been read to its end, changes are only noted: folds start from the whole story. */
  private started = false;
  private latest?: ProjectionVersions;

  constructor(
    private readonly control: KafkaControlFeed,
    private readonly kafka: Kafka,
    private readonly mongo: MongoClient,
    private readonly registry: MongoProjectionVersions,
    private readonly settings: ProjectorSettings,
    private readonly faults: FaultInjection,
    private readonly tracing: Tracing,
    metrics: Metrics,
  ) {
    const { name, version } = projectionVersion(READ_MODELS_PROJECTION);
    this.name = name;
    this.firstVersion = version;
    metrics.include(() => this.liveFold()?.metrics);
  }

  /** The live version's fold, when this instance runs it. */
  liveFold(): VersionFold | undefined {
    return this.seen ? this.folds.get(this.seen.live) : undefined;
  }

  isRunning(): boolean {
    return this.liveFold()?.isRunning() ?? false;
  }

  async onApplicationBootstrap(): Promise<void> {
    // The skips and the versions are known before any record is folded (exactly-once-fold.ts).
    this.control.onVersions((versions) => {
      if (versions.projection !== this.name) return;
      this.latest = versions;
      if (this.started) this.reconcile(versions);
    });
    await this.control.start();
    await this.bringTo(await this.control.versionsOf(this.name));
    this.started = true;
    if (this.latest && this.seen && this.latest.seq > this.seen.seq) this.reconcile(this.latest);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.reconciling;
    await Promise.allSettled([...this.folds.values()].map((fold) => fold.stop()));
    await this.control.stop();
  }

  /** Brings the folds to `versions` after whatever it is doing; a later state supersedes one not started yet. */
  private reconcile(versions: ProjectionVersions): void {
    if (this.wanted && this.wanted.seq >= versions.seq) return;
    this.wanted = versions;
    this.reconciling = this.reconciling.then(async () => {
      const target = this.wanted;
      if (!target || this.stopped || (this.seen && this.seen.seq >= target.seq)) return;
      try {
        await this.bringTo(target);
      } catch (error) {
        this.logger.error({ reason: (error as Error).message }, 'projection versions not brought up to date; trying again');
        setTimeout(() => this.retry(), RETRY_MS).unref();
      }
    });
  }

  private retry(): void {
    const target = this.wanted;
    if (!target) return;
    this.wanted = undefined;
    this.reconcile(target);
  }

  private async bringTo(target: ProjectionVersions): Promise<void> {
    const before = this.seen;
    const folded = new Set(foldedVersions(target).map((v) => v.version));
    for (const [version, fold] of this.folds) {
      if (folded.has(version)) continue;
      await fold.stop();
      this.folds.delete(version);
    }
    for (const entry of target.versions) {
      if (entry.state === 'dropped' && before?.versions.find((v) => v.version === entry.version)?.state !== 'dropped') {
        await dropVersionReadModels(this.dbOf(entry.version), entry.version !== this.firstVersion);
        this.logger.log({ version: entry.version }, 'version dropped');
      }
    }
    if (before && before.live !== target.live) await this.untilCaughtUp(target.live, before.live);
    for (const entry of foldedVersions(target)) {
      const running = this.folds.get(entry.version);
      const replayed = before && running && entry.replays > (before.versions.find((v) => v.version === entry.version)?.replays ?? 0);
      if (running && replayed) {
        // A replay: what the fold holds may be ahead of restored read models; their stored offsets say where to go on.
        await running.stop();
        await running.start();
        this.logger.log({ version: entry.version }, 'replaying from the stored offsets');
      }
      if (!running) {
        const fold = new VersionFold(
          { version: entry.version, projection: `${this.name}-${entry.version}`, db: this.dbOf(entry.version), groupId: this.groupOf(entry.version) },
          this.kafka,
          this.control,
          this.settings,
          this.faults,
          this.tracing,
        );
        await fold.start();
        this.folds.set(entry.version, fold);
      }
    }
    this.seen = target;
    await this.registry.save(target);
    this.logger.log({ live: target.live, versions: target.versions.map((v) => `${v.version}:${v.state}`).join(' ') }, 'projection versions');
  }

  /**
   * A switch is saved (and so served) once the new version has applied at least what the retired
   * one had when it stopped, partition by partition: the position of an answer never goes back.
   */
  private async untilCaughtUp(version: string, retired: string): Promise<void> {
    const deadline = Date.now() + this.settings.PROJECTOR_SWITCH_CATCH_UP_MS;
    for (;;) {
      const [next, previous] = await Promise.all([this.applied(version), this.applied(retired)]);
      const behind = [...previous].filter(([key, offset]) => (next.get(key) ?? -1) < offset);
      if (behind.length === 0) return;
      if (Date.now() > deadline || this.stopped) {
        this.logger.warn({ version, retired, behind: behind.map(([key]) => key).join(' ') }, 'switched before the new version caught up with the retired one');
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, SWITCH_POLL_MS));
    }
  }

  private async applied(version: string): Promise<Map<string, number>> {
    const rows = await new MongoPartitionStatus(this.dbOf(version)).partitions();
    const projection = `${this.name}-${version}`;
    return new Map(rows.filter((r) => r.projection === projection).map((r) => [`${r.topic}:${r.partition}`, r.appliedOffset]));
  }

  private dbOf(version: string) {
    return this.mongo.db(versionDatabase(this.settings.MONGODB_DATABASE, this.firstVersion, version));
  }

  private groupOf(version: string): string {
    return version === this.firstVersion ? this.settings.PROJECTOR_GROUP_ID : `${this.settings.PROJECTOR_GROUP_ID}-${version}`;
  }
}
