import { DirectoryUnavailableError, PrincipalDirectory, PrincipalScope } from './principal-directory';

/**
 * Asks auth-api (`GET /v1/principals/{subject}`, authenticated with the caller's own token). A
 * 401, 403 or 404 means the principal is not active; anything else unexpected is an outage.
 */
export class HttpPrincipalDirectory extends PrincipalDirectory {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 3000,
  ) {
    super();
  }

  async lookup(subject: string, accessToken: string): Promise<PrincipalScope | null> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl.replace(/\/+$/, '')}/v1/principals/${encodeURIComponent(subject)}`, {
        headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new DirectoryUnavailableError(error);
    }
    if ([401, 403, 404].includes(response.status)) return null;
    if (response.status !== 200) throw new DirectoryUnavailableError(new Error(`directory answered ${response.status}`));
    const body = (await response.json().catch(() => undefined)) as { active?: unknown; caregiverIds?: unknown } | undefined;
    if (body?.active !== true) return null;
    if (body.caregiverIds === null) return { caregiverIds: null };
    if (Array.isArray(body.caregiverIds) && body.caregiverIds.every((id) => typeof id === 'string')) {
      return { caregiverIds: body.caregiverIds };
    }
    throw new DirectoryUnavailableError(new Error('directory answered an unexpected body'));
  }
}
