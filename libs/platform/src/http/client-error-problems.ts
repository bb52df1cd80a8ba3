import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Server, STATUS_CODES } from 'node:http';
import { Duplex } from 'node:stream';
import { Problem, problem, PROBLEM_CONTENT_TYPE } from './problem';
import { REQUEST_ID_HEADER } from './request-id.middleware';

const logger = new Logger('HttpParser');

/** The problem for a request Node's HTTP parser refused before any middleware saw it. */
export function clientErrorProblem(code: string | undefined): Problem {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return problem('request-timeout', 408, 'Request timeout', 'The request did not arrive in time.');
  }
  if (code === 'HPE_HEADER_OVERFLOW') {
    return problem(
      'request-header-fields-too-large',
      431,
      'Request header fields too large',
      'The request line and headers together are larger than 16 KiB. Send a long caregiver list in the body of POST /v1/reports/monthly/query.',
    );
  }
  return problem('malformed-request', 400, 'Malformed request', 'The request is not valid HTTP/1.1.');
}

/** What Node's HTTP server keeps on a socket: the response being written on it, if any. */
type ServerSocket = Duplex & { _httpMessage?: { headersSent?: boolean } };

/**
 * Node answers a request its parser refuses (a 20 KB query string: 431) with a bare status line
 * and no body. A `clientError` listener replaces that answer: problem+json like every other error,
 * logged at warn without a stack. Like Node's own handler it answers only when no response is
 * under way on the socket (writing one then would corrupt what the peer reads on a kept-alive
 * connection), and it always closes the connection, since its state is unknown.
 */
export function answerClientErrorsWithProblems(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: ServerSocket) => {
    if (error.code === 'ECONNRESET' || !socket.writable || socket._httpMessage?.headersSent) {
      socket.destroy();
      return;
    }
    const answer = clientErrorProblem(error.code);
    logger.warn({ status: answer.status, problem: answer.type, reason: error.code }, 'refused a request the HTTP parser could not read');
    const body = JSON.stringify(answer);
    socket.end(
      [
        `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status]}`,
        `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
        `Content-Length: ${Buffer.byteLength(body)}`,
        `${REQUEST_ID_HEADER}: ${randomUUID()}`,
        'Connection: close',
        '',
        body,
      ].join('\r\n'),
    );
  });
}
