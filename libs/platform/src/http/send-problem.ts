import { NextFunction, Request, Response } from 'express';
import { Problem, PROBLEM_CONTENT_TYPE } from './problem';

/** Members a route adds to the problems it answers with (an OAuth `error` code), its own kept. */
export type ProblemMembers = (problem: Problem) => Record<string, unknown>;

const MEMBERS = 'problemMembers';

/**
 * Answers with a problem: the one way the filter and every middleware that refuses a request write
 * it, so that members a route adds (problemMembersFor) reach all of its problems alike.
 */
export function sendProblem(request: Request, response: Response, problem: Problem, headers: Record<string, string> = {}): void {
  const added = (response.locals[MEMBERS] as ProblemMembers | undefined)?.(problem) ?? {};
  response.status(problem.status).set({ ...headers, 'Content-Type': PROBLEM_CONTENT_TYPE });
  response.send(JSON.stringify({ ...added, ...problem, instance: pathAsked(request) }));
}

/** The path of the request as sent (a router's mount point included), never the host of an absolute-form request line. */
function pathAsked(request: Request): string {
  try {
    return new URL(request.originalUrl, 'http://localhost').pathname;
  } catch {
    return request.path;
  }
}

/** A middleware that makes every problem of the routes it is mounted on carry `members`. */
export function problemMembersFor(members: ProblemMembers) {
  return (_request: Request, response: Response, next: NextFunction): void => {
    response.locals[MEMBERS] = members;
    next();
  };
}
