import { Request } from 'express';
import { Principal } from './principal';

/** A request that passed the bearer guard. */
export interface AuthenticatedRequest extends Request {
  principal: Principal;
}
