import { PrincipalKind } from '@reimbursements/auth/principal';

/** A token's `sub`: the kind and the name, so users and clients never collide. */
export type SubjectOf = { kind: 'user'; username: string } | { kind: 'client'; clientId: string };

export function subjectOf(kind: PrincipalKind, name: string): string {
  return `${kind}:${name}`;
}

export function parseSubject(subject: string): SubjectOf | undefined {
  const separator = subject.indexOf(':');
  const [kind, name] = [subject.slice(0, separator), subject.slice(separator + 1)];
  if (separator < 1 || name === '') return undefined;
  if (kind === 'user') return { kind, username: name };
  if (kind === 'client') return { kind, clientId: name };
  return undefined;
}
