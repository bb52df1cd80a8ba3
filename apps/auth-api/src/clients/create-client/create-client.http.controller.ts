import { CurrentPrincipal } from '@reimbursements/auth/current-principal.decorator';
import { Principal } from '@reimbursements/auth/principal';
import { Roles } from '@reimbursements/auth/roles.decorator';
import { Body, Controller, Header, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { SecretHasher } from '../../hashing/secret-hasher';
import { invalidInput } from '../../identity/identity-problems';
import { roleAssignmentErrors } from '../../identity/role-assignment';
import { MongoClientStore } from '../../storage/mongo-client-store';
import { newClientSecret } from '../client-secret';
import { ClientSecretResponse } from '../client-secret.response.dto';
import { CreateClientRequest } from './create-client.request.dto';

@ApiTags('clients')
@Controller('v1/clients')
export class CreateClientHttpController {
  constructor(
    private readonly clients: MongoClientStore,
    private readonly hasher: SecretHasher,
  ) {}

  @Post()
  @Roles('admin')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Register a care-giver system as an OAuth client (admin)',
    description: 'Answers the client id and its secret; the secret is shown this once and kept only as a salted scrypt hash.',
  })
  @ApiCreatedResponse({ type: ClientSecretResponse })
  @ApiBadRequestResponse({ description: 'Invalid input, a manager without caregiverIds' })
  async create(@Body() request: CreateClientRequest, @CurrentPrincipal() admin: Principal): Promise<ClientSecretResponse> {
    const errors = roleAssignmentErrors(request.roles, request.caregiverIds);
    if (errors.length > 0) throw invalidInput(errors);
    const clientId = randomUUID();
    const clientSecret = newClientSecret();
    await this.clients.insert(
      {
        _id: clientId,
        name: request.name,
        roles: request.roles,
        caregiverIds: request.caregiverIds ?? null,
        createdAt: new Date(),
        createdBy: admin.subject,
        revokedAt: null,
      },
      await this.hasher.hash(clientSecret),
    );
    return { clientId, clientSecret };
  }
}
