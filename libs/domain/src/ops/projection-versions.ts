import { DomainError } from '../errors/domain-error';
import { ProjectionControlRecord } from './projection-control.records';

export type VersionState = 'live' | 'building' | 'retired' | 'dropped';

export interface VersionEntry {
  version: string;
  state: VersionState;
  /** When the version was started (the rebuild's record) or, for the first version, null. */
  requestedAt: string | null;
  requestedBy: string | null;
  /** Replays asked of this version so far: a projector that sees the count grow reads its stored offsets again. */
  replays: number;
}

/** Which versions of one projection exist and which is live, as the control topic says. */
export interface ProjectionVersions {
  projection: string;
  /** Control records that changed the versions so far: a later state has a higher one (they share one control partition). */
  seq: number;
  live: string;
  versions: VersionEntry[];
}

/** Before any control record, the version the code has always folded is live. */
export function initialVersions(projection: string, firstVersion: string): ProjectionVersions {
  return { projection, seq: 0, live: firstVersion, versions: [{ version: firstVersion, state: 'live', requestedAt: null, requestedBy: null, replays: 0 }] };
}

/**
 * The state after one control record, read in the control topic's order. A record that does not fit
 * (a switch to a version that is not building, a second rebuild) changes nothing: the API refuses
 * those up front (`refuse*` below), and a record that raced past it must not undo what came first.
 */
export function applyControlRecord(state: ProjectionVersions, record: ProjectionControlRecord): ProjectionVersions {
  const after = changedBy(state, record);
  return after === state ? state : { ...after, seq: state.seq + 1 };
}

function changedBy(state: ProjectionVersions, record: ProjectionControlRecord): ProjectionVersions {
  if (record.payload.projection !== state.projection) return state;
  const { version } = record.payload;
  const entry = state.versions.find((v) => v.version === version);
  const replace = (changes: Partial<VersionEntry>, of = version) => state.versions.map((v) => (v.version === of ? { ...v, ...changes } : v));
  switch (record.type) {
    case 'ProjectionRebuildRequested':
      if (entry || building(state)) return state;
      return { ...state, versions: [...state.versions, { version, state: 'building', requestedAt: record.recordedAt, requestedBy: record.recordedBy, replays: 0 }] };
    case 'ProjectionSwitched': {
      if (entry?.state !== 'building' || record.payload.replaces !== state.live) return state;
      const retired = state.versions.map((v): VersionEntry => (v.version === state.live ? { ...v, state: 'retired' } : v.version === version ? { ...v, state: 'live' } : v));
      return { ...state, live: version, versions: retired };
    }
    case 'ProjectionVersionDropped':
      if (!entry || entry.state === 'live' || entry.state === 'dropped') return state;
      return { ...state, versions: replace({ state: 'dropped' }) };
    case 'ProjectionReplayRequested':
      if (!entry || (entry.state !== 'live' && entry.state !== 'building')) return state;
      return { ...state, versions: replace({ replays: entry.replays + 1 }) };
  }
}

/** The versions projectors fold: the live one and the one being built, if any. */
export function foldedVersions(state: ProjectionVersions): VersionEntry[] {
  return state.versions.filter((v) => v.state === 'live' || v.state === 'building');
}

export function building(state: ProjectionVersions): VersionEntry | undefined {
  return state.versions.find((v) => v.state === 'building');
}

/** The next version's label: one above the highest ever used (dropped ones included, so a label never comes back). */
export function nextVersion(state: ProjectionVersions): string {
  return `v${Math.max(...state.versions.map((v) => Number(v.version.slice(1)))) + 1}`;
}

export function refuseRebuild(state: ProjectionVersions): void {
  const current = building(state);
  if (current) throw new DomainError('PROJECTION.CONFLICT', `Version ${current.version} of ${state.projection} is being built; only one rebuild runs at a time.`);
}

export function refuseSwitch(state: ProjectionVersions, version: string): void {
  const entry = knownVersion(state, version);
  if (entry.state !== 'building') throw new DomainError('PROJECTION.CONFLICT', `Version ${version} of ${state.projection} is ${entry.state}; only a version being built can be switched to.`);
}

export function refuseDrop(state: ProjectionVersions, version: string): void {
  const entry = knownVersion(state, version);
  if (entry.state === 'live') throw new DomainError('PROJECTION.CONFLICT', `Version ${version} of ${state.projection} is live; switch to another version first.`);
  if (entry.state === 'dropped') throw new DomainError('PROJECTION.CONFLICT', `Version ${version} of ${state.projection} is already dropped.`);
}

/**
 * A retired version is dropped only once the live one has applied at least what it had
 * (`retiredApplied`, `liveApplied`: applied offsets by `topic:partition`): until then a query-api
 * instance may still answer from it, and would be left answering from a version behind the
 * positions it handed out.
 */
export function refuseDropAhead(state: ProjectionVersions, version: string, retiredApplied: Record<string, number>, liveApplied: Record<string, number>): void {
  const behind = Object.entries(retiredApplied).filter(([key, offset]) => (liveApplied[key] ?? -1) < offset);
  if (behind.length === 0) return;
  const lags = behind.map(([key, offset]) => `${key} ${liveApplied[key] ?? -1} < ${offset}`).join(', ');
  throw new DomainError(
    'PROJECTION.LAGGING',
    `The live version ${state.live} of ${state.projection} has applied less than ${version} on ${behind.length} partition(s): ${lags}; query-api instances answer from ${version} until it has.`,
  );
}

export function refuseReplay(state: ProjectionVersions, version: string): void {
  const entry = knownVersion(state, version);
  if (entry.state !== 'live' && entry.state !== 'building') throw new DomainError('PROJECTION.CONFLICT', `Version ${version} of ${state.projection} is ${entry.state}; only a live or building version folds.`);
}

function knownVersion(state: ProjectionVersions, version: string): VersionEntry {
  const entry = state.versions.find((v) => v.version === version);
  if (!entry) throw new DomainError('PROJECTION.NOT_FOUND', `${state.projection} has no version ${version}.`);
  return entry;
}

/**
 * Where a version keeps its read models: the first version in the configured database (where it
 * always was), every later one in a database of its own beside it.
 */
export function versionDatabase(baseDatabase: string, firstVersion: string, version: string): string {
  return version === firstVersion ? baseDatabase : `${baseDatabase}_${version}`;
}
