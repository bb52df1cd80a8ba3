import { DependencyUnavailableError } from '@reimbursements/domain/errors/dependency-unavailable.error';
import { readProjectionControl } from '@reimbursements/domain/ops/projection-control.records';
import { applyControlRecord, initialVersions, ProjectionVersions } from '@reimbursements/domain/ops/projection-versions';
import { readRecordSkipped, RecordSkip, skipOf } from '@reimbursements/domain/ops/record-skipped.record';
import { RecordSkips } from '@reimbursements/domain/ports/record-skips.port';
import { randomUUID } from 'node:crypto';
import { Admin, Consumer, Kafka } from 'kafkajs';

/**
 * The control topic in memory: admins' skips and the projection versions (rebuild, switch, drop,
 * replay). Each instance reads the whole topic from the start under a group of its own and never
 * commits (like the catalog feed): control records are few, and every instance, replay and rebuild
 * must know all of them before it folds.
 */
export class KafkaControlFeed extends RecordSkips {
  private readonly consumer: Consumer;
  private readonly admin: Admin;
  private readonly skips: (RecordSkip & { projection: string })[] = [];
  private readonly versions = new Map<string, ProjectionVersions>();
  private readonly versionListeners: ((versions: ProjectionVersions) => void)[] = [];
  /** Per partition of the control topic, the offset of the last record read. */
  private readonly read = new Map<number, number>();
  private running = false;

  constructor(
    kafka: Kafka,
    private readonly controlTopic: string,
    groupPrefix: string,
    private readonly catchUpTimeoutMs: number,
    /** The projections whose versions are followed, each with the version that is live before any switch. */
    projections: { name: string; firstVersion: string }[] = [],
  ) {
    super();
    this.consumer = kafka.consumer({ groupId: `${groupPrefix}-control-${randomUUID()}`, sessionTimeout: 10000, heartbeatInterval: 1000, maxWaitTimeInMs: 100, allowAutoTopicCreation: false });
    this.admin = kafka.admin();
    for (const { name, firstVersion } of projections) this.versions.set(name, initialVersions(name, firstVersion));
  }

  isRunning(): boolean {
    return this.running;
  }

  async start(): Promise<void> {
    await this.admin.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.controlTopic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const value = message.value ? parse(message.value.toString('utf8')) : undefined;
        const skip = readRecordSkipped(value);
        if (skip) this.skips.push({ ...skipOf(skip), projection: skip.payload.projection });
        const control = readProjectionControl(value);
        const before = control ? this.versions.get(control.payload.projection) : undefined;
        if (control && before) {
          const after = applyControlRecord(before, control);
          this.versions.set(control.payload.projection, after);
          if (after !== before) this.versionListeners.forEach((l) => l(after));
        }
        this.read.set(partition, Number(message.offset));
      },
    });
    this.running = true;
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.consumer.disconnect();
    await this.admin.disconnect();
  }

  /** Called with a projection's versions each time a control record changes them. */
  onVersions(listener: (versions: ProjectionVersions) => void): void {
    this.versionListeners.push(listener);
  }

  /** A projection's versions once every control record appended before the call is read. */
  async versionsOf(projection: string): Promise<ProjectionVersions> {
    await this.caughtUp();
    const versions = this.versions.get(projection);
    if (!versions) throw new Error(`projection ${projection} is not followed`);
    return versions;
  }

  /** Waits until every control record appended before the call is read, then answers from memory. */
  async skipsFor(projection: string, topic: string, partition: number): Promise<RecordSkip[]> {
    await this.caughtUp();
    return this.skips
      .filter((s) => s.projection === projection && s.topic === topic && s.partition === partition)
      .map(({ projection: _projection, ...skip }) => skip);
  }

  private async caughtUp(): Promise<void> {
    if (!this.running) throw new DependencyUnavailableError('log');
    const deadline = Date.now() + this.catchUpTimeoutMs;
    try {
      const ends = await this.admin.fetchTopicOffsets(this.controlTopic);
      while (ends.some((end) => (this.read.get(end.partition) ?? -1) < Number(end.high) - 1)) {
        if (Date.now() > deadline) throw new DependencyUnavailableError('log');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    } catch (error) {
      throw error instanceof DependencyUnavailableError ? error : new DependencyUnavailableError('log', 5, error);
    }
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
