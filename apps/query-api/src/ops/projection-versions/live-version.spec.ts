import { EventType } from '@reimbursements/domain/catalog/event-type-catalog';
import { ProjectionVersions, VersionState } from '@reimbursements/domain/ops/projection-versions';
import { AppliedState } from '@reimbursements/domain/position/applied-state';
import { LogPosition } from '@reimbursements/domain/position/log-position';
import { LedgerReader } from '@reimbursements/domain/ports/ledger-reader.port';
import { ReportReader } from '@reimbursements/domain/ports/report-reader.port';
import { MonthlyTotals } from '@reimbursements/domain/projections/monthly-totals';
import { Db } from 'mongodb';
import { LiveVersion } from './live-version';

/** A version's applied offsets, as its read models would say them; a read may be held until released. */
class AppliedOffsets extends ReportReader {
  position: LogPosition = {};
  private held?: () => void;
  private hold = false;

  async appliedState(): Promise<AppliedState> {
    if (this.hold) await new Promise<void>((resolve) => (this.held = resolve));
    return { position: { ...this.position }, monthWrites: {} };
  }

  holdNextRead(): void {
    this.hold = true;
  }

  release(): void {
    this.hold = false;
    this.held?.();
  }

  monthlyTotalsRows(): AsyncIterable<MonthlyTotals> {
    throw new Error('not read here');
  }

  eventTypes(): Promise<EventType[]> {
    throw new Error('not read here');
  }
}

const entry = (version: string, state: VersionState) => ({ version, state, requestedAt: null, requestedBy: null, replays: 0 });

function saved(seq: number, live: string, versions: Array<[string, VersionState]>): ProjectionVersions {
  return { projection: 'read-models', seq, live, versions: versions.map(([version, state]) => entry(version, state)) };
}

function setUp(first?: ProjectionVersions) {
  const registry = { state: first };
  const offsets = new Map<string, AppliedOffsets>();
  const of = (projection: string) => {
    if (!offsets.has(projection)) offsets.set(projection, new AppliedOffsets());
    return offsets.get(projection)!;
  };
  const answering: string[] = [];
  const versions = new LiveVersion(
    { load: async () => registry.state },
    () => ({}) as Db,
    'reimbursements',
    { reports: (_db, projection) => of(projection), ledger: () => ({}) as LedgerReader },
    60_000,
    (_projection, version) => answering.push(version),
  );
  return { versions, registry, v2: of('read-models-v2'), v3: of('read-models-v3'), answering };
}

describe('LiveVersion', () => {
  it('answers from the saved live version at start, whatever it has applied', async () => {
    const { versions, v3 } = setUp(saved(2, 'v3', [['v2', 'retired'], ['v3', 'live']]));
    v3.position = { 'log:0': 4 };

    await versions.onModuleInit();
    versions.onApplicationShutdown();

    expect(versions.live().version).toBe('v3');
    expect((await versions.appliedState()).position).toEqual({ 'log:0': 4 });
  });

  it('goes on answering from the old version until the new one has applied every offset answered', async () => {
    const { versions, registry, v2, v3, answering } = setUp();
    v2.position = { 'log:0': 10, 'log:1': 7 };
    expect((await versions.appliedState()).position).toEqual({ 'log:0': 10, 'log:1': 7 });

    // Saved by a projector while another one still folded v2 up to those offsets.
    registry.state = saved(2, 'v3', [['v2', 'retired'], ['v3', 'live']]);
    v3.position = { 'log:0': 10, 'log:1': 6 };
    expect((await versions.refresh()).live).toBe('v3');
    expect(versions.live().version).toBe('v2');
    expect((await versions.appliedState()).position).toEqual({ 'log:0': 10, 'log:1': 7 });

    v3.position = { 'log:0': 11, 'log:1': 7 };
    await versions.refresh();
    expect(versions.live().version).toBe('v3');
    expect((await versions.appliedState()).position).toEqual({ 'log:0': 11, 'log:1': 7 });
    expect(answering).toEqual(['v2', 'v3']);
  });

  it('counts a partition the new version has not applied at all as behind', async () => {
    const { versions, registry, v2, v3 } = setUp();
    v2.position = { 'log:0': 3, 'catalog:0': 0 };
    await versions.appliedState();
    registry.state = saved(2, 'v3', [['v2', 'retired'], ['v3', 'live']]);
    v3.position = { 'log:0': 3 };

    await versions.refresh();

    expect(versions.live().version).toBe('v2');
  });

  it('hands out no position of the old version once the switch is made: a read it overtook is made again', async () => {
    const { versions, registry, v2, v3 } = setUp();
    v2.position = { 'log:0': 5 };
    await versions.appliedState();
    registry.state = saved(2, 'v3', [['v2', 'retired'], ['v3', 'live']]);
    v3.position = { 'log:0': 5 };

    v2.holdNextRead();
    const overtaken = versions.appliedState();
    // The retired version is still folded a little further by a projector that has not seen the switch.
    v2.position = { 'log:0': 9 };
    await versions.refresh();
    v2.release();

    expect(versions.live().version).toBe('v3');
    expect((await overtaken).position).toEqual({ 'log:0': 5 });
  });

  it('leaves a dropped version at once, its read models being gone, and still waits for what it answered at the next switch', async () => {
    const { versions, registry, v2, v3 } = setUp();
    v2.position = { 'log:0': 5 };
    await versions.appliedState();
    registry.state = saved(3, 'v3', [['v2', 'dropped'], ['v3', 'live']]);
    v3.position = { 'log:0': 1 };

    await versions.refresh();
    expect(versions.live().version).toBe('v3');

    const v4 = (versions.of('v4').reports as AppliedOffsets);
    v4.position = { 'log:0': 4 };
    registry.state = saved(5, 'v4', [['v2', 'dropped'], ['v3', 'retired'], ['v4', 'live']]);
    await versions.refresh();
    expect(versions.live().version).toBe('v3');
    v4.position = { 'log:0': 5 };
    await versions.refresh();
    expect(versions.live().version).toBe('v4');
  });

  it('never goes back to an older saved state', async () => {
    const { versions, registry, v3 } = setUp(saved(2, 'v3', [['v2', 'retired'], ['v3', 'live']]));
    await versions.refresh();
    registry.state = saved(1, 'v2', [['v2', 'live'], ['v3', 'building']]);
    v3.position = { 'log:0': 1 };

    expect((await versions.refresh()).live).toBe('v3');
    expect(versions.live().version).toBe('v3');
  });
});
