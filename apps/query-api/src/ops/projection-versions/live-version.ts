import { projectionVersion } from '@reimbursements/domain/ops/projection-version';
import { initialVersions, ProjectionVersions, versionDatabase } from '@reimbursements/domain/ops/projection-versions';
import { AppliedState } from '@reimbursements/domain/position/applied-state';
import { LogPosition, mergePositions } from '@reimbursements/domain/position/log-position';
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
 * that, once the new version has applied every offset this instance has answered with
 * (`answerFrom`). A request takes one version's readers for its whole life (`live()`), so no
 * answer, and no cached answer, mixes two versions.
 */
export class LiveVersion implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('LiveVersion');
  readonly name: string;
  readonly firstVersion: string;
  private state: ProjectionVersions;
  /** The version answering: the saved live one, unless that one has not yet applied what was answered. */
  private answeringVersion: string;
  /** Every offset an answer from the version answering may have named (what `appliedState` handed out). */
  private answered: LogPosition = {};
  private waitingFor?: string;
  private readonly readModels = new Map<string, VersionReadModels>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly registry: Pick<MongoProjectionVersions, 'load'>,
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
    this.answeringVersion = version;
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
    if (saved && saved.seq >= this.state.seq) this.state = saved;
    if (this.state.live !== this.answeringVersion) await this.answerFrom(this.state.live);
    return this.state;
  }

  /** The readers of the version answering. */
  live(): VersionReadModels {
    return this.of(this.answeringVersion);
  }

  /**
   * The applied state of the version answering, for the positions of answers. A read that a switch
   * overtook is made again from the new version, so no position of the version left is handed out
   * after the switch.
   */
  async appliedState(): Promise<AppliedState> {
    for (;;) {
      const models = this.live();
      const state = await models.reports.appliedState();
      if (models.version === this.answeringVersion) {
        this.answered = mergePositions(this.answered, state.position);
        return state;
      }
    }
  }

  /**
   * Answers from `version` once it has applied every offset answered so far, so that the position
   * of an answer never goes back and always is one its rows reflect. A projector saves a switch once
   * the new version has caught up with the retired one as that projector saw it, but another
   * instance may fold the retired version a little longer, and a projector that waited
   * PROJECTOR_SWITCH_CATCH_UP_MS in vain saves it anyway. A dropped version is left at once: its
   * read models are gone (the ops API drops a retired version only once the live one has caught up
   * with it); what was answered from it is still waited for at the next switch.
   */
  private async answerFrom(version: string): Promise<void> {
    const leaving = this.answeringVersion;
    const dropped = this.state.versions.find((v) => v.version === leaving)?.state === 'dropped';
    let answered = this.answered;
    if (!dropped) {
      const next = (await this.of(version).reports.appliedState()).position;
      if (this.answeringVersion !== leaving || this.state.live !== version) return;
      const behind = Object.entries(this.answered).filter(([key, offset]) => (next[key] ?? -1) < offset);
      if (behind.length > 0) {
        if (this.waitingFor !== version) {
          this.waitingFor = version;
          const lags = behind.map(([key, offset]) => `${key} ${next[key] ?? -1} < ${offset}`).join(', ');
          this.logger.warn({ from: leaving, to: version, behind: lags }, 'the new version has not applied what was answered; answering from the old one until it has');
        }
        return;
      }
      answered = next;
    }
    this.answeringVersion = version;
    this.answered = answered;
    this.waitingFor = undefined;
    this.logger.log({ from: leaving, to: version }, 'answering from another version');
    this.answering(this.name, version);
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
