import { Reflector } from '@nestjs/core';
import { ExecutionContext, SetMetadata } from '@nestjs/common';

/** Metadata key of routes any caller may use without a token (health, metrics). */
export const OPEN_ROUTE = 'http:open-route';

/**
 * Marks a controller or handler as open: the apps' global access guard lets it through without a
 * token and without counting it against a rate limit. Everything not marked needs a token.
 */
export const OpenRoute = () => SetMetadata(OPEN_ROUTE, true);

export function isOpenRoute(reflector: Reflector, context: ExecutionContext): boolean {
  return reflector.getAllAndOverride<boolean | undefined>(OPEN_ROUTE, [context.getHandler(), context.getClass()]) === true;
}
