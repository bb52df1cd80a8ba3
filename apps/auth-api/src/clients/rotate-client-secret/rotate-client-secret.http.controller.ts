import { Roles } from '@reimbursements/auth/roles.decorator';
import { Controller, Header, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthApiSettings } from '../../auth-api.settings';
import { SecretHasher } from '../../hashing/secret-hasher';
import { conflict } from '../../identity/identity-problems';
import { MongoClientStore } from '../../storage/mongo-client-store';
import { newClientSecret } from '../client-secret';
import { ClientSecretResponse } from '../client-secret.response.dto';

@ApiTags('clients')
@Controller('v1/clients')
export class RotateClientSecretHttpController {
  constructor(
    private readonly clients: MongoClientStore,
    private readonly hasher: SecretHasher,
    private readonly settings: AuthApiSettings,
  ) {}

  @Post(':clientId/secret')
  @Roles('admin')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: "Rotate a client's secret (admin)",
    description:
      'Answers a new secret (shown once). The previous secret keeps working for AUTH_CLIENT_SECRET_GRACE_SECONDS (24 h by default) so the system can switch without downtime; any older one stops at once.',
  })
  @ApiCreatedResponse({ type: ClientSecretResponse })
  @ApiNotFoundResponse({ description: 'No such client' })
  @ApiConflictResponse({ description: 'The client is revoked, or another rotation of it happened at the same time' })
  async rotate(@Param('clientId') clientId: string): Promise<ClientSecretResponse> {
    const client = await this.clients.find(clientId);
    if (!client) throw new NotFoundException();
    if (client.revokedAt !== null) throw conflict('client-revoked', 'Client revoked', 'A revoked client gets no new secret.');
    const [current, ...older] = await this.clients.secrets(clientId);
    const clientSecret = newClientSecret();
    const createdAt = new Date();
    const generation = (current?.generation ?? 0) + 1;
    if (!(await this.clients.addSecret(clientId, generation, await this.hasher.hash(clientSecret), createdAt))) {
      throw conflict('concurrent-rotation', 'Rotated concurrently', 'Another rotation of this secret happened at the same time; retry.');
    }
    // Only the secret just replaced keeps its grace; anything older is removed.
    for (const stale of older) await this.clients.removeSecret(stale._id);
    const previousSecretExpiresAt = new Date(createdAt.getTime() + this.settings.AUTH_CLIENT_SECRET_GRACE_SECONDS * 1000).toISOString();
    return { clientId, clientSecret, ...(current ? { previousSecretExpiresAt } : {}) };
  }
}
