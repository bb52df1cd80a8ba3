import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** A span as an OTLP receiver gets it; ids in lowercase hex (parentSpanId '' for a root). */
export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, string | number | boolean>;
}

export const SPAN_KIND = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const;

export interface OtlpReceiver {
  /** The base URL to give as OTEL_EXPORTER_OTLP_ENDPOINT. */
  url: string;
  spans: ReceivedSpan[];
  close(): Promise<void>;
}

/**
 * A small OTLP/HTTP receiver of our own (what a collector listens for on 4318): POST /v1/traces
 * with an ExportTraceServiceRequest in protobuf, the encoding the apps' exporter sends. It decodes
 * the few fields the tests read, straight from the protobuf wire format.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/v1/traces' || request.headers['content-type'] !== 'application/x-protobuf') {
        response.writeHead(404).end();
        return;
      }
      const body = Buffer.concat(chunks);
      spans.push(...decodeExportRequest(request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body));
      // An empty ExportTraceServiceResponse: everything accepted.
      response.writeHead(200, { 'Content-Type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

type Field = { number: number; bytes?: Buffer; int?: bigint };

/** The fields of one protobuf message, in order (wire types varint, 64-bit, length-delimited, 32-bit). */
function fields(message: Buffer): Field[] {
  const out: Field[] = [];
  let at = 0;
  const varint = (): bigint => {
    let value = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const byte = message[at++];
      value |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return value;
    }
  };
  while (at < message.length) {
    const tag = Number(varint());
    const number = tag >> 3;
    switch (tag & 7) {
      case 0:
        out.push({ number, int: varint() });
        break;
      case 1:
        out.push({ number, bytes: message.subarray(at, (at += 8)) });
        break;
      case 2: {
        const length = Number(varint());
        out.push({ number, bytes: message.subarray(at, (at += length)) });
        break;
      }
      case 5:
        out.push({ number, bytes: message.subarray(at, (at += 4)) });
        break;
      default:
        throw new Error(`unsupported protobuf wire type ${tag & 7}`);
    }
  }
  return out;
}

const all = (message: Buffer, number: number) => fields(message).filter((f) => f.number === number);
const one = (message: Buffer, number: number) => all(message, number)[0];

/** KeyValue { key = 1; AnyValue value = 2 } with AnyValue { string = 1; bool = 2; int64 = 3; double = 4 }. */
function attributes(keyValues: Field[]): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const { bytes } of keyValues) {
    const key = one(bytes as Buffer, 1)?.bytes?.toString('utf8') ?? '';
    const value = one(bytes as Buffer, 2)?.bytes;
    const v = value === undefined ? undefined : fields(value)[0];
    if (v?.number === 1) out[key] = (v.bytes as Buffer).toString('utf8');
    else if (v?.number === 2) out[key] = v.int === 1n;
    else if (v?.number === 3) out[key] = Number(v.int);
    else if (v?.number === 4) out[key] = (v.bytes as Buffer).readDoubleLE(0);
  }
  return out;
}

/** ExportTraceServiceRequest { ResourceSpans = 1 } > ResourceSpans { Resource = 1; ScopeSpans = 2 } > ScopeSpans { Span = 2 }. */
function decodeExportRequest(request: Buffer): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const resourceSpans of all(request, 1)) {
    const resource = one(resourceSpans.bytes as Buffer, 1)?.bytes;
    const service = String(resource ? (attributes(all(resource, 1))['service.name'] ?? '') : '');
    for (const scopeSpans of all(resourceSpans.bytes as Buffer, 2)) {
      for (const { bytes: span } of all(scopeSpans.bytes as Buffer, 2)) {
        const hex = (number: number) => one(span as Buffer, number)?.bytes?.toString('hex') ?? '';
        spans.push({
          service,
          traceId: hex(1),
          spanId: hex(2),
          parentSpanId: hex(4),
          name: one(span as Buffer, 5)?.bytes?.toString('utf8') ?? '',
          kind: Number(one(span as Buffer, 6)?.int ?? 0n),
          attributes: attributes(all(span as Buffer, 9)),
        });
      }
    }
  }
  return spans;
}
