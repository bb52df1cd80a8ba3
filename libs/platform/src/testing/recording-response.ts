import { Response } from 'express';

/** What a handler answered through a recordingResponse. */
export interface Answered {
  status?: number;
  headers: Record<string, string>;
  body?: string;
}

/** A stand-in for Express's response, for unit tests: it records the status, headers and body it is given. */
export function recordingResponse(answered: Answered): Response {
  const response = {
    headersSent: false,
    locals: {},
    status(code: number) {
      answered.status = code;
      return response;
    },
    set(headers: Record<string, string>) {
      Object.assign(answered.headers, headers);
      return response;
    },
    send(body: string) {
      answered.body = body;
      return response;
    },
  };
  return response as unknown as Response;
}
