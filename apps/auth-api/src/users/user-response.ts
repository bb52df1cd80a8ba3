import { UserDocument } from '../storage/auth-collections';
import { UserResponse } from './user.response.dto';

export function userResponse(user: UserDocument): UserResponse {
  return {
    username: user._id,
    roles: user.roles,
    caregiverIds: user.caregiverIds,
    createdAt: user.createdAt.toISOString(),
    disabledAt: user.disabledAt?.toISOString() ?? null,
  };
}
