import { MongoClient } from 'mongodb';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fixed, table } from './report';

/** The machine and servers a figure was measured on, for the report header. */
export interface MachineInfo {
  cpus: string;
  memory: string;
  os: string;
  node: string;
  kafka: string;
  mongoWire: string;
}

export async function describeMachine(mongoUri?: string): Promise<MachineInfo> {
  const cpus = os.cpus();
  return {
    cpus: `${cpus.length} x ${cpus[0]?.model.trim() ?? 'unknown'}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    // kafkajs cannot ask the broker for its release; the local scripts run KAFKA_VERSION (4.1.1).
    kafka: `Apache Kafka ${process.env.KAFKA_VERSION ?? '4.1.1'} (KRaft, single node, heap ${process.env.KAFKA_HEAP ?? '512m'})`,
    mongoWire: mongoUri ? await describeMongoWireServer(mongoUri) : 'not used',
  };
}

/** FerretDB answers buildInfo with its own version; its backend is not visible on the wire. */
export async function describeMongoWireServer(uri: string): Promise<string> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
  try {
    await client.connect();
    const info = await client.db('admin').command({ buildInfo: 1 });
    if (typeof info.ferretdbVersion === 'string') {
      return `FerretDB ${info.ferretdbVersion} (backend ${process.env.FERRETDB_BACKEND ?? 'postgresql'}, wire version ${String(info.version)}) at ${redact(uri)}`;
    }
    return `MongoDB ${String(info.version)} at ${redact(uri)}`;
  } finally {
    await client.close();
  }
}

function redact(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}

export function printableMachine(info: MachineInfo): string[] {
  return [
    `machine:   ${info.cpus}, ${info.memory} RAM, ${info.os}`,
    `node:      ${info.node}`,
    `kafka:     ${info.kafka}`,
    `mongowire: ${info.mongoWire}`,
  ];
}

// ---------------------------------------------------------------------------------------------
// CPU accounting: on two shared cores "where the time goes" is a question of CPU seconds.

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

interface ProcEntry {
  pid: number;
  ppid: number;
  cpuTicks: number;
  cmdline: string[];
}

function readProc(pid: number): ProcEntry | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After "pid (comm) ": state ppid ... utime is field 14 and stime 15 of the whole line.
    const ppid = Number(fields[1]);
    const cpuTicks = Number(fields[11]) + Number(fields[12]);
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((s) => s !== '');
    return { pid, ppid, cpuTicks, cmdline };
  } catch {
    return undefined;
  }
}

function allProcs(): ProcEntry[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProc(Number(name)))
    .filter((p): p is ProcEntry => p !== undefined);
}

/** A set of processes whose CPU time is summed: found by a predicate, with their descendants. */
export interface ProcessGroup {
  name: string;
  match: (proc: { pid: number; cmdline: string[] }) => boolean;
  /** Count the matches' descendants too (default true; false for the bench's own process). */
  descendants?: boolean;
}

export interface CpuSample {
  at: bigint;
  machineBusyTicks: number;
  /** Per group, per process id: CPU ticks used so far. */
  groups: Map<string, Map<number, number>>;
}

/** Samples the machine's busy CPU time and each group's, so a phase can be charged to processes. */
export class CpuMeter {
  constructor(private readonly groups: ProcessGroup[]) {}

  sample(): CpuSample {
    const procs = allProcs();
    const children = new Map<number, ProcEntry[]>();
    for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
    const groups = new Map<string, Map<number, number>>();
    for (const group of this.groups) {
      const ticks = new Map<number, number>();
      const stack = procs.filter((p) => group.match(p));
      while (stack.length > 0) {
        const p = stack.pop() as ProcEntry;
        if (ticks.has(p.pid)) continue;
        ticks.set(p.pid, p.cpuTicks);
        if (group.descendants !== false) stack.push(...(children.get(p.pid) ?? []));
      }
      groups.set(group.name, ticks);
    }
    return { at: process.hrtime.bigint(), machineBusyTicks: machineBusyTicks(), groups };
  }

  /**
   * CPU seconds per group between two samples (processes alive at the second; one that exited in
   * between is lost, one that started counts from zero), the machine's busy seconds, the wall time.
   */
  static between(before: CpuSample, after: CpuSample): { wallSeconds: number; machineBusySeconds: number; groups: Map<string, number> } {
    const groups = new Map<string, number>();
    for (const [name, pids] of after.groups) {
      const earlier = before.groups.get(name) ?? new Map<number, number>();
      let ticks = 0;
      for (const [pid, used] of pids) ticks += used - (earlier.get(pid) ?? 0);
      groups.set(name, ticks / TICKS_PER_SECOND);
    }
    return {
      wallSeconds: Number(after.at - before.at) / 1e9,
      machineBusySeconds: (after.machineBusyTicks - before.machineBusyTicks) / TICKS_PER_SECOND,
      groups,
    };
  }
}

function machineBusyTicks(): number {
  const [cpuLine] = readFileSync('/proc/stat', 'utf8').split('\n');
  const values = cpuLine.trim().split(/\s+/).slice(1).map(Number);
  const total = values.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = values[3] + values[4];
  return total - idle;
}

/** The process groups every benchmark charges time to. */
export function standardProcessGroups(mongoUri: string | undefined, extra: ProcessGroup[] = []): ProcessGroup[] {
  const mongoPort = mongoUri ? (/:(\d+)(\/|$|\?)/.exec(mongoUri.replace(/^mongodb:\/\/[^@]*@/, 'mongodb://'))?.[1] ?? '27017') : undefined;
  const postgresPids = (process.env.BENCH_POSTGRES_PIDFILES ?? '')
    .split(',')
    .filter((f) => f !== '')
    .map((file) => {
      try {
        return Number(readFileSync(file, 'utf8').split('\n')[0]);
      } catch {
        return NaN;
      }
    });
  return [
    { name: 'bench (this process)', match: (p) => p.pid === process.pid, descendants: false },
    ...extra,
    { name: 'kafka broker', match: (p) => p.cmdline.includes('kafka.Kafka') },
    ...(mongoPort
      ? [
          {
            name: 'mongo-wire server',
            match: (p: { cmdline: string[] }) =>
              /(ferretdb|mongod)/.test(p.cmdline[0] ?? '') && p.cmdline.some((arg) => arg.endsWith(`:${mongoPort}`) || arg === mongoPort),
          },
        ]
      : []),
    ...(postgresPids.length > 0 ? [{ name: 'postgresql', match: (p: { pid: number }) => postgresPids.includes(p.pid) }] : []),
  ];
}

/** The usual process groups, plus the projector child when there is one (its pid). */
export function projectorCpuMeter(mongoUri: string | undefined, projector?: { pid: number | undefined }): CpuMeter {
  return new CpuMeter(standardProcessGroups(mongoUri, [{ name: 'projector', match: (p) => projector !== undefined && p.pid === projector.pid }]));
}

/** Runs a stage and answers its result with the CPU every process group spent meanwhile. */
export async function measureCpu<T>(mongoUri: string | undefined, run: () => Promise<T>): Promise<[T, ReturnType<typeof CpuMeter.between>]> {
  const meter = projectorCpuMeter(mongoUri);
  const before = meter.sample();
  const result = await run();
  return [result, CpuMeter.between(before, meter.sample())];
}

/** The commit the run measured, and whether the working tree differed from it. */
export function codeVersion(repoRoot: string): string {
  try {
    const head = execFileSync('git', ['-C', repoRoot, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['-C', repoRoot, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim() !== '';
    return `${head}${dirty ? ' plus uncommitted changes in the working tree' : ''} (dist/ as built from it)`;
  } catch {
    return 'unknown (no git)';
  }
}

export function loadAverage(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(', ');
}

/**
 * PostgreSQL's CPU is charged from BENCH_POSTGRES_PIDFILES; by default the local server's
 * postmaster.pid under STATE_DIR (the servers' state, as scripts/servers/ use it; a worktree
 * points it at the main checkout's) or else the repository's .local.
 */
export function chargeLocalPostgres(repoRoot: string): void {
  const localPostgres = path.join(process.env.STATE_DIR ?? path.join(repoRoot, '.local'), 'mongo', 'postgres', 'postmaster.pid');
  if (process.env.BENCH_POSTGRES_PIDFILES === undefined && existsSync(localPostgres)) process.env.BENCH_POSTGRES_PIDFILES = localPostgres;
}

/** The CPU seconds each process group spent in each stage (or run), as a table. */
export function cpuTable(first: string, rows: { stage: string; cpu?: ReturnType<typeof CpuMeter.between> }[], digits = 1): string {
  const names = [...new Set(rows.flatMap((r) => [...(r.cpu?.groups.keys() ?? [])]))];
  return table(
    [first, 'wall s', 'machine busy s', ...names],
    rows.map((r) => [r.stage, fixed(r.cpu?.wallSeconds ?? NaN, digits), fixed(r.cpu?.machineBusySeconds ?? NaN, digits), ...names.map((n) => fixed(r.cpu?.groups.get(n) ?? NaN, digits))]),
  );
}

/**
 * Collects this process's garbage now, between stages: what a stage left behind (the in-memory
 * fold's read models: over a GiB at 1 000 000 events) is otherwise collected during the next
 * stage, whose timing then carries this process's collector (its threads included) beside the
 * system measured. Node gives `gc` only behind --expose-gc, which `npm run bench:*` does not pass.
 */
export function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
