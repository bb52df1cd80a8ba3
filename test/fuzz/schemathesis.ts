import { execFile, execFileSync, spawn } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/stack';

const HERE = __dirname;

/** The `st` command of the pinned Schemathesis, installed on first use (scripts/install-schemathesis.sh). */
export function installSchemathesis(): string {
  return execFileSync('bash', [join(ROOT, 'scripts', 'install-schemathesis.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

/**
 * Seeded values Schemathesis mixes into what it generates: `parameter` is `path.eventId`,
 * `body.eventType`, `body.events[*].eventType`...; `operation` limits the binding to one operation.
 */
export interface Dictionary {
  parameter: string;
  values: string[];
  probability: number;
  operation?: string;
}

/** A run directory with the committed settings plus the sandbox's dictionaries. */
export function prepareRunDirectory(runDir: string, dictionaries: Dictionary[]): string {
  mkdirSync(runDir, { recursive: true });
  const config = join(runDir, 'schemathesis.toml');
  copyFileSync(join(HERE, 'schemathesis.toml'), config);
  const binding = (d: Dictionary, i: number) => `${JSON.stringify(d.parameter)} = { dictionary = "seeded${i}", probability = ${d.probability} }`;
  const lines = ['', "# Appended by the suite: the ids seeded in this run's sandbox."];
  dictionaries.forEach((d, i) => lines.push(`[dictionaries.seeded${i}]`, `values = ${JSON.stringify(d.values)}`));
  dictionaries.forEach((d, i) => {
    if (d.operation) lines.push('[[operations]]', `include-name = ${JSON.stringify(d.operation)}`, '[operations.parameters]', binding(d, i));
  });
  lines.push('[parameters]');
  dictionaries.forEach((d, i) => {
    if (!d.operation) lines.push(binding(d, i));
  });
  appendFileSync(config, `${lines.join('\n')}\n`);
  return config;
}

export interface Call {
  operation: string;
  phase: string;
  mode: string;
  status: number;
  contentType: string;
}

export interface RunResult {
  label: string;
  exitCode: number | null;
  output: string;
  calls: Call[];
  seconds: number;
}

/** Runs `st run` against one served OpenAPI document with one bearer token; resolves when it ends. */
export async function runSchemathesis(options: {
  st: string;
  config: string;
  runDir: string;
  label: string;
  apiUrl: string;
  token: string;
  /** The operations to fuzz ("POST /v1/events"); the others of the document are left out. */
  operations: string[];
  timeoutSeconds: number;
  seed: string;
  env?: Record<string, string>;
}): Promise<RunResult> {
  const callLog = join(options.runDir, `${options.label}.calls.jsonl`);
  writeFileSync(callLog, '');
  const started = Date.now();
  const args = [
    '--config-file',
    options.config,
    '--no-color',
    'run',
    `${options.apiUrl}/docs-json`,
    '--url',
    options.apiUrl,
    '--header',
    `Authorization: Bearer ${options.token}`,
    '--checks',
    'all',
    '--seed',
    options.seed,
    ...options.operations.flatMap((operation) => ['--include-name', operation]),
  ];
  const child = spawn(options.st, args, {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      SCHEMATHESIS_HOOKS: join(HERE, 'schemathesis_hooks.py'),
      FUZZ_CALL_LOG: callLog,
      PYTHONDONTWRITEBYTECODE: '1',
      ...options.env,
    },
    cwd: options.runDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => {
    output += `\n[suite] stopped after ${options.timeoutSeconds} s\n`;
    child.kill('SIGKILL');
  }, options.timeoutSeconds * 1000);
  const exitCode = await new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  clearTimeout(timer);
  writeFileSync(join(options.runDir, `${options.label}.out.txt`), output);
  const calls = readFileSync(callLog, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Call);
  return { label: options.label, exitCode, output, calls, seconds: (Date.now() - started) / 1000 };
}

/** Version check, so a broken install fails with a clear message before any sandbox is made. */
export function schemathesisVersion(st: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(st, ['--version'], (error, stdout) => (error ? reject(error) : resolve(stdout.trim()))),
  );
}

export const FUZZ_DIR = join(ROOT, '.local', 'fuzz');
