import { toInt } from '@reimbursements/platform/config/shared-settings';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, Min } from 'class-validator';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER, SIGNING_ALGORITHMS, SigningAlgorithm } from './access-token';
import { AccessTokenVerifierOptions } from './access-token-verifier';
import { MAX_PRINCIPAL_CACHE_MS } from './cached-principal-directory';
import { RemoteKeySetOptions } from './remote-key-set';

const HTTP_URL = /^https?:\/\/[^\s]+$/;

/**
 * How an app verifies access tokens. The defaults point at a local auth-api; AUTH_JWKS_URL,
 * AUTH_ISSUER and AUTH_AUDIENCE may name any issuer whose tokens carry `roles`.
 */
export class AuthVerifierSettings {
  @Matches(HTTP_URL, { message: 'must be an http(s) URL' })
  AUTH_JWKS_URL = 'http://127.0.0.1:3000/.well-known/jwks.json';

  /** Longest use of a fetched key set (a token with an unknown kid refetches it sooner). */
  @IsInt()
  @Min(1)
  @Max(86400)
  @Transform(toInt)
  AUTH_JWKS_CACHE_SECONDS = 600;

  /** Least time between two fetches; keep it below auth-api's AUTH_KEY_ACTIVATION_DELAY_SECONDS. */
  @IsInt()
  @Min(0)
  @Max(600)
  @Transform(toInt)
  AUTH_JWKS_COOLDOWN_SECONDS = 30;

  @IsString()
  @IsNotEmpty()
  AUTH_ISSUER = DEFAULT_ISSUER;

  @IsString()
  @IsNotEmpty()
  AUTH_AUDIENCE = DEFAULT_AUDIENCE;

  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((alg) => alg.trim()) : value))
  @IsIn(SIGNING_ALGORITHMS, { each: true, message: `each must be one of ${SIGNING_ALGORITHMS.join(', ')}` })
  AUTH_ALGORITHMS: SigningAlgorithm[] = ['ES256'];

  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  AUTH_REQUIRE_AT_JWT = true;

  @IsInt()
  @Min(0)
  @Max(300)
  @Transform(toInt)
  AUTH_CLOCK_TOLERANCE_SECONDS = 5;

  /** Base URL of the principal directory (auth-api): active or not, and the caregiver scope. */
  @Matches(HTTP_URL, { message: 'must be an http(s) URL' })
  AUTH_PRINCIPALS_URL = 'http://127.0.0.1:3000';

  @IsInt()
  @Min(0)
  @Max(MAX_PRINCIPAL_CACHE_MS / 1000)
  @Transform(toInt)
  AUTH_PRINCIPAL_CACHE_SECONDS = 30;

  keySetOptions(): RemoteKeySetOptions {
    return { cacheMaxAgeMs: this.AUTH_JWKS_CACHE_SECONDS * 1000, cooldownMs: this.AUTH_JWKS_COOLDOWN_SECONDS * 1000, timeoutMs: 5000 };
  }

  verifierOptions(): AccessTokenVerifierOptions {
    return {
      issuer: this.AUTH_ISSUER,
      audience: this.AUTH_AUDIENCE,
      algorithms: this.AUTH_ALGORITHMS,
      clockToleranceSeconds: this.AUTH_CLOCK_TOLERANCE_SECONDS,
      requireAccessTokenType: this.AUTH_REQUIRE_AT_JWT,
    };
  }
}
