import { CurrentPrincipal } from '@reimbursements/auth/current-principal.decorator';
import { Principal } from '@reimbursements/auth/principal';
import { Roles } from '@reimbursements/auth/roles.decorator';
import { Body, Controller, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UserResponse } from '../user.response.dto';
import { userResponse } from '../user-response';
import { CreateUser } from './create-user';
import { CreateUserRequest } from './create-user.request.dto';

@ApiTags('users')
@Controller('v1/users')
export class CreateUserHttpController {
  constructor(private readonly createUser: CreateUser) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a staff user (admin)', description: 'The password is stored only as a salted scrypt hash and never answered.' })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiBadRequestResponse({ description: 'Invalid input, a password against the policy, a manager without caregiverIds' })
  @ApiConflictResponse({ description: 'The username is taken' })
  async create(@Body() request: CreateUserRequest, @CurrentPrincipal() admin: Principal): Promise<UserResponse> {
    return userResponse(await this.createUser.execute(request, admin.subject));
  }
}
