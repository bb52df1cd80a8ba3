// npm run ops -- <command>: the ops endpoints of the query-api (GET /v1/ops/projections, POST
// /v1/ops/projections/{name}/skip|rebuild|switch|replay, DELETE .../versions/{version}) from the
// command line, with the same effect. Errors are one
// line (the problem's title and detail, or why the API could not be reached), never a stack.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const USAGE = `usage: npm run ops -- <command> [options]

commands:
  status [--json]                        every projection version: lag, lag in time, fold rate, ETA,
                                         stuck partitions and skipped records
  skip <projection> --topic <t> --partition <p> --offset <o> --reason <text>
                                         skip the record a partition is stuck on (202; 409 otherwise)
  rebuild <projection> [--no-wait]       fold a new version beside the live one (202; 409 while one
                                         is being built), then show its progress until it has caught up
  switch <projection> --version <v>      make a caught-up version live (409 while it lags)
  replay <projection> --from-position <token> [--version <v>]
                                         fold a version (default: the live one) onward from the offsets
                                         its read models store; the token is the version's position in
                                         status --json (409, naming both, when they differ)
  drop <projection> --version <v>        drop a retired version's read models (409 for the live one,
                                         or while the live one has applied less than it)

options:
  --url <query-api>       default $QUERY_API_URL or http://127.0.0.1:3002
  --token <jwt>           an admin's access token (default $OPS_TOKEN); or sign in with
  --username <name>       and --password-file <path> (default $OPS_PASSWORD_FILE) at
  --auth-url <auth-api>   default $AUTH_URL or http://127.0.0.1:3000
`;

/** How often rebuild's progress is read again. */
const PROGRESS_MS = 1000;

class CliError extends Error {}
/** Bad usage: a missing or malformed argument (exit 64, EX_USAGE). */
class UsageError extends CliError {}

function fail(message, code = 1) {
  process.stderr.write(`ops: ${message}\n`);
  process.exit(code);
}

function options(args) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      username: { type: 'string' },
      'password-file': { type: 'string' },
      'auth-url': { type: 'string' },
      topic: { type: 'string' },
      partition: { type: 'string' },
      offset: { type: 'string' },
      reason: { type: 'string' },
      json: { type: 'boolean' },
      version: { type: 'string' },
      'from-position': { type: 'string' },
      'no-wait': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  return { values, positionals };
}

async function request(url, init, attempt = 1) {
  let response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new CliError(`cannot reach ${new URL(url).origin}: ${error.cause?.code ?? error.cause?.message ?? error.message}`);
  }
  // A dependency of the API was briefly unavailable: the answer says when to try again.
  if (response.status === 503 && attempt < 3) {
    const seconds = Math.min(Number(response.headers.get('retry-after')) || 1, 5);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    return request(url, init, attempt + 1);
  }
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  if (!response.ok) {
    const problem = typeof body === 'object' && body !== null ? body : { title: `HTTP ${response.status}`, detail: String(body).slice(0, 200) };
    const fields = (problem.errors ?? []).map((e) => `\n  ${e.field}: ${e.message}`).join('');
    throw new CliError(`${response.status} ${problem.title ?? ''}${problem.detail ? `: ${problem.detail}` : ''}${fields}`);
  }
  return body;
}

async function token(values) {
  const given = values.token ?? process.env.OPS_TOKEN;
  if (given) return given;
  const username = values.username ?? process.env.OPS_USERNAME;
  const passwordFile = values['password-file'] ?? process.env.OPS_PASSWORD_FILE;
  if (!username || !passwordFile) throw new UsageError('an admin token is needed: --token or OPS_TOKEN, or --username with --password-file');
  if (!existsSync(passwordFile)) throw new UsageError(`no password file at ${passwordFile}`);
  const authUrl = values['auth-url'] ?? process.env.AUTH_URL ?? 'http://127.0.0.1:3000';
  const answer = await request(`${authUrl}/v1/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ grant_type: 'password', username, password: readFileSync(passwordFile, 'utf8').trim() }),
  });
  return answer.access_token;
}

function integer(name, value) {
  if (value === undefined) throw new UsageError(`--${name} is required`);
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} must be a whole number, not ${JSON.stringify(value)}`);
  return Number(value);
}

function printStatus(projections) {
  for (const projection of projections) {
    process.stdout.write(`${projection.name} (active version: ${projection.activeVersion ?? 'none'})\n`);
    for (const v of projection.versions) {
      const eta = v.etaSeconds === null ? 'unknown (nothing is being applied)' : `${v.etaSeconds} s`;
      process.stdout.write(`  ${v.version} ${v.state}: lag ${v.lag} records, ${v.lagSeconds} s; ${v.recordsPerSecond} records/s; ETA ${eta}\n`);
      for (const p of v.partitions) {
        process.stdout.write(`    ${p.topic}:${p.partition} applied ${p.appliedOffset} of ${p.endOffset}, lag ${p.lag} (${p.lagSeconds} s)${p.stuck ? '  STUCK' : ''}\n`);
        if (p.stuck) {
          process.stdout.write(`      stuck since ${p.stuck.since} on offset ${p.stuck.offset} (${p.stuck.recordType ?? 'unknown type'} ${p.stuck.recordId ?? 'unknown id'}): ${p.stuck.reason}\n`);
          process.stdout.write(`      skip it: npm run ops -- skip ${projection.name} --topic ${p.topic} --partition ${p.partition} --offset ${p.stuck.offset} --reason "..."\n`);
        }
      }
      for (const s of v.skipped) process.stdout.write(`    skipped ${s.topic}:${s.partition}@${s.offset} by ${s.skippedBy} at ${s.skippedAt}: ${s.reason}\n`);
    }
  }
}

async function main() {
  let parsed;
  try {
    parsed = options(process.argv.slice(2));
  } catch (error) {
    fail(`${error.message}\n\n${USAGE}`, 64);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (!command) fail(`a command is needed\n\n${USAGE}`, 64);
  const names = command === 'status' ? 0 : 1;
  if (rest.length > names) fail(`${command} takes ${names === 0 ? 'no argument' : 'one projection name'}, not ${rest.map((a) => JSON.stringify(a)).join(' ')}\n\n${USAGE}`, 64);
  const url = values.url ?? process.env.QUERY_API_URL ?? 'http://127.0.0.1:3002';
  if (command === 'status') {
    const answer = await request(`${url}/v1/ops/projections`, { headers: { Authorization: `Bearer ${await token(values)}` } });
    if (values.json) process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
    else printStatus(answer);
    return;
  }
  if (command === 'skip') {
    const [projection] = rest;
    if (!projection) throw new UsageError('skip needs the projection name: npm run ops -- skip read-models --topic ... --partition ... --offset ... --reason ...');
    if (!values.topic) throw new UsageError('--topic is required');
    if (!values.reason) throw new UsageError('--reason is required: say why the record may be skipped');
    const body = { topic: values.topic, partition: integer('partition', values.partition), offset: integer('offset', values.offset), reason: values.reason };
    const answer = await request(`${url}/v1/ops/projections/${encodeURIComponent(projection)}/skip`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${await token(values)}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    process.stdout.write(`skip of ${answer.topic}:${answer.partition}@${answer.offset} appended by ${answer.skippedBy}; the projector folds past it at its next retry\n`);
    return;
  }
  if (['rebuild', 'switch', 'replay', 'drop'].includes(command)) {
    const [projection] = rest;
    if (!projection) throw new UsageError(`${command} needs the projection name: npm run ops -- ${command} read-models ...`);
    // Every argument checked before signing in: bad usage never costs a sign-in (or a throttled failure).
    if ((command === 'switch' || command === 'drop') && !values.version) throw new UsageError(`--version is required: npm run ops -- ${command} ${projection} --version v3`);
    if (command === 'replay' && !values['from-position']) throw new UsageError('--from-position is required: the position of the version in npm run ops -- status --json');
    const auth = { Authorization: `Bearer ${await token(values)}` };
    const base = `${url}/v1/ops/projections/${encodeURIComponent(projection)}`;
    const send = (method, path, body) =>
      request(`${base}${path}`, { method, headers: body ? { ...auth, 'Content-Type': 'application/json' } : auth, body: body ? JSON.stringify(body) : undefined });
    if (command === 'rebuild') {
      const answer = await send('POST', '/rebuild');
      process.stdout.write(`rebuilding ${answer.name} as ${answer.version}; the live version keeps serving\n`);
      if (!values['no-wait']) await followRebuild(url, auth, answer.name, answer.version);
      return;
    }
    const version = values.version;
    if (command === 'switch') {
      const answer = await send('POST', '/switch', { version });
      process.stdout.write(
        answer.activeVersion === answer.version
          ? `${answer.name} answers from ${answer.version} now\n`
          : `switch to ${answer.version} appended; ${answer.name} still answers from ${answer.activeVersion} (the projectors have not taken it yet)\n`,
      );
      return;
    }
    if (command === 'drop') {
      const answer = await send('DELETE', `/versions/${encodeURIComponent(version)}`);
      process.stdout.write(`drop of ${answer.name} ${answer.version} appended; its projectors stop and its read models are removed\n`);
      return;
    }
    const answer = await send('POST', '/replay', { ...(version ? { version } : {}), fromPosition: values['from-position'] });
    process.stdout.write(`replay of ${answer.name} ${answer.version} appended; it folds on from the offsets its read models store\n`);
    return;
  }
  fail(`unknown command ${JSON.stringify(command)}\n\n${USAGE}`, 64);
}

/** A progress bar of the version being built, until every partition has caught up with the log's end. */
async function followRebuild(url, auth, name, version) {
  const tty = process.stdout.isTTY;
  let total;
  for (;;) {
    const projections = await request(`${url}/v1/ops/projections`, { headers: auth });
    const built = projections.find((p) => p.name === name)?.versions.find((v) => v.version === version);
    if (built) {
      total = Math.max(total ?? 0, built.partitions.reduce((n, p) => n + p.endOffset + 1, 0));
      const done = Math.max(0, total - built.lag);
      const share = total === 0 ? 1 : done / total;
      const bar = `${'#'.repeat(Math.round(share * 30)).padEnd(30, '.')}`;
      const eta = built.etaSeconds === null ? 'ETA unknown' : `ETA ${built.etaSeconds} s`;
      const stuck = built.partitions.filter((p) => p.stuck).map((p) => `${p.topic}:${p.partition}@${p.stuck.offset}`);
      const line = `[${bar}] ${(share * 100).toFixed(1)}% ${done}/${total} records, ${built.recordsPerSecond} records/s, ${eta}${stuck.length ? `, STUCK ${stuck.join(' ')}` : ''}`;
      process.stdout.write(tty ? `\r${line}` : `${line}\n`);
      const live = projections.find((p) => p.name === name)?.versions.find((v) => v.state === 'live');
      // Caught up: as close to the log's end as the live version (under load both trail it by what they hold).
      if (built.partitions.length > 0 && built.lag <= Math.max(0, live?.lag ?? 0)) {
        process.stdout.write(`${tty ? '\n' : ''}${version} has caught up; make it live with: npm run ops -- switch ${name} --version ${version}\n`);
        return;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, PROGRESS_MS));
  }
}

main().catch((error) => fail(error instanceof CliError ? error.message : `unexpected failure: ${error.message}`, error instanceof UsageError ? 64 : 1));
