import { projectionVersion } from '@reimbursements/domain/ops/projection-version';
import { initialVersions, ProjectionVersions, versionDatabase } from '@reimbursements/domain/ops/projection-versions';
import { LedgerReader } from '@reimbursements/domain/ports/ledger-reader.port';
import { ReportReader } from '@reimbursements/domain/ports/report-reader.port';
import { READ_MODELS_PROJECTION } from '@reimbursements/domain/projections/read-models-projection';
import { MongoProjectionVersions } from '@reimbursements/mongo/mongo-projection-versions';
import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Db } from 'mongodb';

/** The read models of one version, as a request uses them from start to end. */
export interface VersionReadModels {
  version: string;
  /** The name its offsets are recorded under (`read-models-v3`). */
  projection: string;
  database: string;
  reports: ReportReader;
  ledger: LedgerReader;
}

export interface VersionReaders {
  reports(db: Db, projection: string): ReportReader;
  ledger(db: Db): LedgerReader;
}

/**
 * Which version of the read models answers, as the projectors saved it (MongoProjectionVersions),
 * read again every `pollMs`: after a switch every instance answers from the new version within
 * that. A request takes one version's readers for its whole life (`live()`), so no answer, and no
 * cached answer, mixes two versions.
 */
export class LiveVersion implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('LiveVersion');
  readonly name: string;
  readonly firstVersion: string;
  private state: ProjectionVersions;
  private readonly readModels = new Map<string, VersionReadModels>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly registry: MongoProjectionVersions,
    private readonly dbNamed: (name: string) => Db,
    private readonly baseDatabase: string,
    private readonly readers: VersionReaders,
    private readonly pollMs: number,
    /** Told the version this instance answers from, at start and at every change. */
    private readonly answering: (projection: string, version: string) => void = () => undefined,
  ) {
    const { name, version } = projectionVersion(READ_MODELS_PROJECTION);
    this.name = name;
    this.firstVersion = version;
    this.state = initialVersions(name, version);
    this.answering(name, version);
  }

  async onModuleInit(): Promise<void> {
    await this.refresh().catch((error: Error) => this.logger.warn({ reason: error.message }, 'projection versions not read; the first version answers'));
    this.timer = setInterval(() => {
      this.refresh().catch((error: Error) => this.logger.warn({ reason: error.message }, 'projection versions not read'));
    }, this.pollMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** The versions as last read (at most `pollMs` ago, unless MongoDB is away). */
  versions(): ProjectionVersions {
    return this.state;
  }

  /** Reads the versions now. */
  async refresh(): Promise<ProjectionVersions> {
    const saved = await this.registry.load(this.name);
    if (saved && saved.seq >= this.state.seq) {
      const changed = saved.live !== this.state.live;
      if (changed) this.logger.log({ from: this.state.live, to: saved.live }, 'answering from another version');
      this.state = saved;
      if (changed) this.answering(this.name, saved.live);
    }
    return this.state;
  }

  live(): VersionReadModels {
    return this.of(this.state.live);
  }

  of(version: string): VersionReadModels {
    let models = this.readModels.get(version);
    if (!models) {
      const database = this.databaseOf(version);
      const projection = `${this.name}-${version}`;
      const db = this.dbOf(version);
      models = { version, projection, database, reports: this.readers.reports(db, projection), ledger: this.readers.ledger(db) };
      this.readModels.set(version, models);
    }
    return models;
  }

  dbOf(version: string): Db {
    return this.dbNamed(this.databaseOf(version));
  }

  databaseOf(version: string): string {
    return versionDatabase(this.baseDatabase, this.firstVersion, version);
  }
}
