/**
 * The HTTP stack's own cost per request, for reading the ingest benchmark's CPU per POST /v1/events:
 * the same load (BENCH_CONCURRENCY keep-alive clients posting one event of the same shape with a
 * bearer-sized Authorization header) against servers that do nothing but parse the JSON body and
 * answer 202 with a JSON body of the command-api's size: bare node:http, express 5 (express.json,
 * res.json, no ETag), and Nest 11 on express (one controller taking @Body). Each server runs in a
 * child process and reports its own CPU time (process.cpuUsage) around the measured requests.
 *
 *   npm run build && npm run bench:http-floor
 *   BENCH_FLOOR_REQUESTS=20000 BENCH_CONCURRENCY=64 BENCH_PORT_BASE=3101
 */
import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import express from 'express';
import { ChildProcess, fork } from 'node:child_process';
import http from 'node:http';
import { envInt, fixed, msSince, note, out, table, thousands } from './support/report';

const REQUESTS = envInt('BENCH_FLOOR_REQUESTS', 20000);
const CONCURRENCY = envInt('BENCH_CONCURRENCY', 64);
const WARMUP = 2000;
const PORT = envInt('BENCH_PORT_BASE', 3101) + 20;

type Kind = 'node:http' | 'express' | 'nest (express)';
const KINDS: Kind[] = ['node:http', 'express', 'nest (express)'];

/** The size and shape of a 202 of POST /v1/events. */
const ANSWER = JSON.stringify({
  eventId: '8f2e5c1a-3b4d-4e6f-8a9b-0c1d2e3f4a5b',
  caregiverId: 'caregiver-00042',
  eventType: 'home-visit',
  occurredAt: '2026-11-01T10:00:00.000Z',
  amountCents: 12000,
  currency: 'SEK',
  month: '2026-11',
  position: 'bench-log:3:123456',
});
const REQUEST = JSON.stringify({ eventId: '8f2e5c1a-3b4d-4e6f-8a9b-0c1d2e3f4a5b', caregiverId: 'caregiver-00042', eventType: 'home-visit', occurredAt: '2026-11-01T10:00:00.000Z' });
const AUTHORIZATION = `Bearer ${'x'.repeat(700)}`;

@Controller('v1/events')
class EventsController {
  @Post()
  @HttpCode(202)
  register(@Body() body: unknown): unknown {
    return body === undefined ? undefined : JSON.parse(ANSWER);
  }
}

@Module({ controllers: [EventsController] })
class FloorModule {}

async function serve(kind: Kind, port: number): Promise<void> {
  if (kind === 'node:http') {
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        JSON.parse(Buffer.concat(chunks).toString('utf8'));
        response.writeHead(202, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(ANSWER) });
        response.end(ANSWER);
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  } else if (kind === 'express') {
    const app = express();
    app.set('etag', false);
    app.use(express.json());
    app.post('/v1/events', (_request, response) => {
      response.status(202).json(JSON.parse(ANSWER));
    });
    await new Promise<void>((resolve) => app.listen(port, '127.0.0.1', () => resolve()));
  } else {
    const app = await NestFactory.create(FloorModule, { logger: false });
    app.getHttpAdapter().getInstance().set('etag', false);
    await app.listen(port, '127.0.0.1');
  }
  process.on('message', () => process.send?.(process.cpuUsage()));
  process.send?.('ready');
}

function post(agent: http.Agent, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        agent,
        host: '127.0.0.1',
        port,
        path: '/v1/events',
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(REQUEST), authorization: AUTHORIZATION },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(REQUEST);
  });
}

function message<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve) => child.once('message', (value) => resolve(value as T)));
}

async function measure(kind: Kind, port: number): Promise<string[]> {
  const child = fork(__filename, ['serve', kind, String(port)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    await message(child);
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const drive = async (count: number): Promise<number> => {
      let next = 0;
      let refused = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next++ < count) if ((await post(agent, port)) !== 202) refused++;
        }),
      );
      return refused;
    };
    await drive(WARMUP);
    const cpu = async (): Promise<NodeJS.CpuUsage> => {
      const answer = message<NodeJS.CpuUsage>(child);
      child.send('cpu');
      return answer;
    };
    const before = await cpu();
    const start = process.hrtime.bigint();
    const refused = await drive(REQUESTS);
    const seconds = msSince(start) / 1000;
    const after = await cpu();
    agent.destroy();
    if (refused > 0) note(`${kind}: ${refused} answers were not 202`);
    const cpuMs = (after.user - before.user + after.system - before.system) / 1000;
    return [kind, thousands(REQUESTS), fixed(seconds, 2), thousands(REQUESTS / seconds), fixed(cpuMs / REQUESTS, 3)];
  } finally {
    child.kill();
  }
}

async function main(): Promise<void> {
  out('# HTTP floor: what the stack alone costs per POST');
  out();
  out(`load: ${thousands(REQUESTS)} requests (after ${thousands(WARMUP)} unmeasured) from ${CONCURRENCY} keep-alive clients; load average at start ${(await import('node:os')).loadavg().map((l) => fixed(l, 2)).join(', ')}`);
  out();
  const rows: string[][] = [];
  for (const [i, kind] of KINDS.entries()) rows.push(await measure(kind, PORT + i));
  out(table(['server', 'requests', 'seconds', 'requests/s', 'server CPU ms per request'], rows));
}

if (process.argv[2] === 'serve') {
  void serve(process.argv[3] as Kind, Number(process.argv[4]));
} else {
  main()
    .then(() => process.exit(0))
    .catch((error: Error) => {
      process.stderr.write(`http floor benchmark failed: ${error.stack ?? error.message}\n`);
      process.exit(1);
    });
}
