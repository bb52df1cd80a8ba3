import { CurrentPrincipal } from '@reimbursements/auth/current-principal.decorator';
import { Principal } from '@reimbursements/auth/principal';
import { Roles } from '@reimbursements/auth/roles.decorator';
import { Controller, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { conflict } from '../../identity/identity-problems';
import { subjectOf } from '../../identity/subject';
import { normalizeUsername } from '../../identity/username';
import { MongoUserStore } from '../../storage/mongo-user-store';
import { UserResponse } from '../user.response.dto';
import { userResponse } from '../user-response';

@ApiTags('users')
@Controller('v1/users')
export class DisableUserHttpController {
  constructor(private readonly users: MongoUserStore) {}

  @Post(':username/disable')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Disable a user (admin)',
    description: 'The user gets no new token, and its unexpired tokens stop working within a minute everywhere (at once on auth-api). Idempotent.',
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiNotFoundResponse({ description: 'No such user' })
  @ApiConflictResponse({ description: 'An admin cannot disable itself' })
  async disable(@Param('username') given: string, @CurrentPrincipal() admin: Principal): Promise<UserResponse> {
    const username = normalizeUsername(given);
    if (subjectOf('user', username) === admin.subject) {
      throw conflict('cannot-disable-self', 'Cannot disable yourself', 'Ask another admin: an admin cannot lock itself out.');
    }
    const user = await this.users.disable(username, new Date());
    if (!user) throw new NotFoundException();
    return userResponse(user);
  }
}
