// npm run ops -- <command>: the ops endpoints of the query-api (GET /v1/ops/projections, POST
// /v1/ops/projections/{name}/skip) from the command line, with the same effect. Errors are one
// line (the problem's title and detail, or why the API could not be reached), never a stack.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const USAGE = `usage: npm run ops -- <command> [options]

commands:
  status [--json]                        every projection version: lag, lag in time, fold rate, ETA,
                                         stuck partitions and skipped records
  skip <projection> --topic <t> --partition <p> --offset <o> --reason <text>
                                         skip the record a partition is stuck on (202; 409 otherwise)
  rebuild, switch, replay, drop          not available yet

options:
  --url <query-api>       default $QUERY_API_URL or http://127.0.0.1:3002
  --token <jwt>           an admin's access token (default $OPS_TOKEN); or sign in with
  --username <name>       and --password-file <path> (default $OPS_PASSWORD_FILE) at
  --auth-url <auth-api>   default $AUTH_URL or http://127.0.0.1:3000
`;

const NOT_YET = new Set(['rebuild', 'switch', 'replay', 'drop']);

class CliError extends Error {}

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
  if (!username || !passwordFile) throw new CliError('an admin token is needed: --token or OPS_TOKEN, or --username with --password-file');
  if (!existsSync(passwordFile)) throw new CliError(`no password file at ${passwordFile}`);
  const authUrl = values['auth-url'] ?? process.env.AUTH_URL ?? 'http://127.0.0.1:3000';
  const answer = await request(`${authUrl}/v1/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ grant_type: 'password', username, password: readFileSync(passwordFile, 'utf8').trim() }),
  });
  return answer.access_token;
}

function integer(name, value) {
  if (value === undefined) throw new CliError(`--${name} is required`);
  if (!/^\d+$/.test(value)) throw new CliError(`--${name} must be a whole number, not ${JSON.stringify(value)}`);
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
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return;
  }
  if (NOT_YET.has(command)) fail(`${command} is not available yet (status and skip are); see the README, "Operating the projections"`, 69);
  const url = values.url ?? process.env.QUERY_API_URL ?? 'http://127.0.0.1:3002';
  if (command === 'status') {
    const answer = await request(`${url}/v1/ops/projections`, { headers: { Authorization: `Bearer ${await token(values)}` } });
    if (values.json) process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
    else printStatus(answer);
    return;
  }
  if (command === 'skip') {
    const [projection] = rest;
    if (!projection) throw new CliError('skip needs the projection name: npm run ops -- skip read-models --topic ... --partition ... --offset ... --reason ...');
    if (!values.topic) throw new CliError('--topic is required');
    if (!values.reason) throw new CliError('--reason is required: say why the record may be skipped');
    const body = { topic: values.topic, partition: integer('partition', values.partition), offset: integer('offset', values.offset), reason: values.reason };
    const answer = await request(`${url}/v1/ops/projections/${encodeURIComponent(projection)}/skip`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${await token(values)}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    process.stdout.write(`skip of ${answer.topic}:${answer.partition}@${answer.offset} appended by ${answer.skippedBy}; the projector folds past it at its next retry\n`);
    return;
  }
  fail(`unknown command ${JSON.stringify(command)}\n\n${USAGE}`, 64);
}

main().catch((error) => fail(error instanceof CliError ? error.message : `unexpected failure: ${error.message}`));
