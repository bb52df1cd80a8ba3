import { Metrics } from '@reimbursements/platform/metrics/metrics';
import { ProblemException } from '@reimbursements/platform/http/problem';
import { Body, Controller, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiBadRequestResponse,
  ApiConsumes,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Counter } from 'prom-client';
import { Request, Response } from 'express';
import { TokenIssuer } from '../token-issuer';
import { ClientCredentialsGrant } from './client-credentials-grant';
import { PasswordGrant } from './password-grant';
import { parseTokenRequest } from './token-request';
import { ClientCredentialsGrantRequest, PasswordGrantRequest, TOKEN_REQUEST_SCHEMA } from './token-request.dto';
import { TokenResponse } from './token.response.dto';

export const TOKEN_PATH = '/v1/auth/token';

@ApiTags('auth')
@Controller(TOKEN_PATH.slice(1))
export class IssueTokenHttpController {
  private readonly outcomes: Counter<'grant' | 'outcome'>;

  constructor(
    private readonly passwordGrant: PasswordGrant,
    private readonly clientGrant: ClientCredentialsGrant,
    private readonly issuer: TokenIssuer,
    metrics: Metrics,
  ) {
    this.outcomes = metrics.counter('auth_token_requests_total', 'Token requests by grant and outcome', ['grant', 'outcome']);
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'OAuth 2.0 token endpoint (RFC 6749)',
    description:
      'grant_type=password (username, password) for staff, grant_type=client_credentials (client_id, client_secret, in the body or as HTTP Basic) for care-giver systems. Form-encoded or JSON. Wrong credentials: 401, the same answer whether the account exists; repeated failures per account and per address: 429 with Retry-After.',
  })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiExtraModels(PasswordGrantRequest, ClientCredentialsGrantRequest)
  @ApiBody({ schema: TOKEN_REQUEST_SCHEMA })
  @ApiOkResponse({ type: TokenResponse, headers: { 'Cache-Control': { description: 'no-store' } } })
  @ApiUnauthorizedResponse({ description: 'Invalid credentials (problem+json with OAuth error invalid_grant or invalid_client)' })
  @ApiBadRequestResponse({ description: 'A field missing, unknown or not a string, a body that does not parse, a query parameter (OAuth error invalid_request), or another grant_type (unsupported_grant_type)' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed attempts (Retry-After, RateLimit-* headers)' })
  async token(
    @Body() body: Record<string, unknown>,
    @Headers('authorization') authorization: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TokenResponse> {
    // Set first: RFC 6749 §5.1 wants no caching of answers carrying credentials, errors included.
    response.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
    const tokenRequest = parseTokenRequest(body, authorization);
    const address = request.ip ?? 'unknown';
    try {
      const recipient =
        tokenRequest.grant === 'password'
          ? await this.passwordGrant.authenticate(tokenRequest.username, tokenRequest.password, address)
          : await this.clientGrant.authenticate(tokenRequest.clientId, tokenRequest.clientSecret, address);
      const { accessToken, expiresIn } = await this.issuer.issue(recipient);
      this.outcomes.inc({ grant: tokenRequest.grant, outcome: 'issued' });
      return { access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn };
    } catch (error) {
      const outcome = error instanceof ProblemException ? String(error.problem.status) : 'error';
      this.outcomes.inc({ grant: tokenRequest.grant, outcome });
      throw error;
    }
  }
}
