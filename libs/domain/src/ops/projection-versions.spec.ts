import { DomainError } from '../errors/domain-error';
import { newRecord } from '../records/new-record';
import {
  PROJECTION_REBUILD_REQUESTED,
  PROJECTION_REPLAY_REQUESTED,
  PROJECTION_SWITCHED,
  PROJECTION_VERSION_DROPPED,
  ProjectionControlRecord,
  readProjectionControl,
} from './projection-control.records';
import { applyControlRecord, foldedVersions, initialVersions, nextVersion, ProjectionVersions, refuseDrop, refuseDropAhead, refuseRebuild, refuseReplay, refuseSwitch, versionDatabase } from './projection-versions';

const origin = { correlationId: 'c', recordedBy: 'user:admin' };
const at = new Date('2026-11-30T12:00:00Z');
const rebuild = (version: string) => newRecord(PROJECTION_REBUILD_REQUESTED, 1, { projection: 'read-models', version }, origin, 'r', at) as ProjectionControlRecord;
const switchTo = (version: string, replaces: string) => newRecord(PROJECTION_SWITCHED, 1, { projection: 'read-models', version, replaces }, origin, 'r', at) as ProjectionControlRecord;
const drop = (version: string) => newRecord(PROJECTION_VERSION_DROPPED, 1, { projection: 'read-models', version }, origin, 'r', at) as ProjectionControlRecord;
const replay = (version: string) => newRecord(PROJECTION_REPLAY_REQUESTED, 1, { projection: 'read-models', version, fromPosition: 'e30' }, origin, 'r', at) as ProjectionControlRecord;

function after(...records: ProjectionControlRecord[]): ProjectionVersions {
  return records.reduce(applyControlRecord, initialVersions('read-models', 'v2'));
}

function states(versions: ProjectionVersions): string {
  return versions.versions.map((v) => `${v.version}:${v.state}`).join(' ');
}

describe('projection versions, as the control topic makes them', () => {
  it('starts with the first version live and folded alone', () => {
    const versions = after();
    expect(versions.live).toBe('v2');
    expect(foldedVersions(versions).map((v) => v.version)).toEqual(['v2']);
    expect(nextVersion(versions)).toBe('v3');
  });

  it('folds a rebuilt version beside the live one, then retires the live one at the switch', () => {
    const building = after(rebuild('v3'));
    expect(states(building)).toBe('v2:live v3:building');
    expect(building.versions[1]).toMatchObject({ requestedBy: 'user:admin', requestedAt: at.toISOString() });
    expect(foldedVersions(building).map((v) => v.version)).toEqual(['v2', 'v3']);
    const switched = after(rebuild('v3'), switchTo('v3', 'v2'));
    expect(switched.live).toBe('v3');
    expect(states(switched)).toBe('v2:retired v3:live');
    expect(foldedVersions(switched).map((v) => v.version)).toEqual(['v3']);
    expect(states(after(rebuild('v3'), switchTo('v3', 'v2'), drop('v2')))).toBe('v2:dropped v3:live');
  });

  it('counts each change, so a later state is known from an earlier one', () => {
    expect(after().seq).toBe(0);
    expect(after(rebuild('v3'), switchTo('v3', 'v2')).seq).toBe(2);
    // A record that changes nothing does not count.
    expect(after(rebuild('v3'), rebuild('v3')).seq).toBe(1);
  });

  it('ignores records that raced past the API checks: a second rebuild, a switch to a version not building or from one not live, dropping the live one', () => {
    expect(states(after(rebuild('v3'), rebuild('v4')))).toBe('v2:live v3:building');
    expect(after(switchTo('v3', 'v2')).live).toBe('v2');
    expect(after(rebuild('v3'), switchTo('v3', 'v9')).live).toBe('v2');
    expect(states(after(drop('v2')))).toBe('v2:live');
    expect(after(rebuild('v3'), replay('v9')).seq).toBe(1);
  });

  it('never gives a dropped version label again', () => {
    const versions = after(rebuild('v3'), drop('v3'));
    expect(states(versions)).toBe('v2:live v3:dropped');
    expect(nextVersion(versions)).toBe('v4');
  });

  it('counts the replays of a folded version', () => {
    expect(after(replay('v2'), replay('v2')).versions[0].replays).toBe(2);
  });

  it('refuses what the state does not allow, with 409s and 404s the API answers', () => {
    const building = after(rebuild('v3'));
    expect(() => refuseRebuild(building)).toThrow(expect.objectContaining({ code: 'PROJECTION.CONFLICT' }) as DomainError);
    expect(() => refuseRebuild(after())).not.toThrow();
    expect(() => refuseSwitch(after(), 'v2')).toThrow(expect.objectContaining({ code: 'PROJECTION.CONFLICT' }) as DomainError);
    expect(() => refuseSwitch(after(), 'v7')).toThrow(expect.objectContaining({ code: 'PROJECTION.NOT_FOUND' }) as DomainError);
    expect(() => refuseSwitch(building, 'v3')).not.toThrow();
    expect(() => refuseDrop(after(), 'v2')).toThrow(/is live/);
    expect(() => refuseDrop(building, 'v3')).not.toThrow();
    expect(() => refuseReplay(after(rebuild('v3'), switchTo('v3', 'v2')), 'v2')).toThrow(/retired/);
  });

  it('drops a retired version only once the live one has applied at least what it had, naming the partitions behind', () => {
    const switched = after(rebuild('v3'), switchTo('v3', 'v2'));
    const retired = { 'log:0': 10, 'log:1': 7, 'catalog:0': -1 };
    expect(() => refuseDropAhead(switched, 'v2', retired, { 'log:0': 10, 'log:1': 6 })).toThrow(
      expect.objectContaining({ code: 'PROJECTION.LAGGING', message: expect.stringContaining('v3 of read-models has applied less than v2 on 1 partition(s): log:1 6 < 7') }) as DomainError,
    );
    expect(() => refuseDropAhead(switched, 'v2', retired, { 'log:0': 9 })).toThrow(/on 2 partition\(s\): log:0 9 < 10, log:1 -1 < 7/);
    expect(() => refuseDropAhead(switched, 'v2', retired, { 'log:0': 11, 'log:1': 7 })).not.toThrow();
  });

  it('keeps the first version in the configured database and every later one beside it', () => {
    expect(versionDatabase('reimbursements', 'v2', 'v2')).toBe('reimbursements');
    expect(versionDatabase('reimbursements', 'v2', 'v3')).toBe('reimbursements_v3');
  });

  it('reads only well-formed control records of version 1', () => {
    const valid = JSON.parse(JSON.stringify(switchTo('v3', 'v2'))) as unknown;
    expect(readProjectionControl(valid)).toEqual(valid);
    expect(readProjectionControl({ ...(valid as object), schemaVersion: 2 })).toBeUndefined();
    expect(readProjectionControl({ ...(valid as object), payload: { projection: 'read-models', version: 'v3' } })).toBeUndefined();
    expect(readProjectionControl({ ...(valid as object), payload: { projection: 'read-models', version: '../x', replaces: 'v2' } })).toBeUndefined();
    expect(readProjectionControl({ type: 'RecordSkipped' })).toBeUndefined();
    expect(readProjectionControl(null)).toBeUndefined();
  });
});
