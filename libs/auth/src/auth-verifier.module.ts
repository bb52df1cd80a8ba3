import { DynamicModule, Module } from '@nestjs/common';
import { AccessTokenVerifier } from './access-token-verifier';
import { AuthVerifierSettings } from './auth-verifier.settings';
import { BearerAuthGuard } from './bearer-auth.guard';
import { CachedPrincipalDirectory } from './cached-principal-directory';
import { HttpPrincipalDirectory } from './http-principal-directory';
import { PrincipalDirectory } from './principal-directory';
import { remoteKeySet } from './remote-key-set';

/**
 * For the apps that accept auth-api's tokens: import `AuthVerifierModule.forRoot(settings)` once,
 * then put @Roles(...) on controllers or handlers.
 */
@Module({})
export class AuthVerifierModule {
  static forRoot(settings: AuthVerifierSettings): DynamicModule {
    return {
      module: AuthVerifierModule,
      global: true,
      providers: [
        { provide: AccessTokenVerifier, useValue: new AccessTokenVerifier(remoteKeySet(settings.AUTH_JWKS_URL, settings.keySetOptions()), settings.verifierOptions()) },
        {
          provide: PrincipalDirectory,
          useValue: new CachedPrincipalDirectory(
            new HttpPrincipalDirectory(settings.AUTH_PRINCIPALS_URL),
            settings.AUTH_PRINCIPAL_CACHE_SECONDS * 1000,
          ),
        },
        BearerAuthGuard,
      ],
      exports: [AccessTokenVerifier, PrincipalDirectory, BearerAuthGuard],
    };
  }
}
