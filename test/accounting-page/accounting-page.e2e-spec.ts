/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { readFileSync } from 'node:fs';
import { Download, Page } from 'playwright-core';
import { formatInstant, formatMoney } from '../../apps/accounting-page/web/src/money';
import { call, post } from '../support/api-client';
import { openBrowser, OpenBrowser, screenshot } from '../support/browser';
import { waitForEventCount } from '../support/report';
import { createSandbox, removeSandbox, RunningApp, Sandbox, startApp } from '../support/stack';

/**
 * The accounting page in Debian's Chromium against the real stack: auth-api, command-api, Kafka,
 * the projector, MongoDB, query-api with Redis, and the page's own server in front of them.
 */
describe('the accounting page, in a browser', () => {
  let sandbox: Sandbox;
  let apps: RunningApp[];
  let commandApi: RunningApp;
  let queryApi: RunningApp;
  let page: RunningApp;
  const browsers: OpenBrowser[] = [];
  const users = {
    accountant: { username: 'anna-accountant', password: 'anna has a long passphrase', roles: ['accountant'] },
    manager: { username: 'mats-manager', password: 'mats has a long passphrase', roles: ['manager'], caregiverIds: ['pg-a', 'pg-b'] },
  };

  const PRICES: Record<string, number> = { 'x-ray': 50000, ct: 200000 };
  const CAREGIVERS = ['pg-a', 'pg-b', 'pg-c', 'pg-d'];
  const MONTHS = ['2026-01', '2026-02', '2026-03'];
  // 1 to 3 events per caregiver-month, of both types.
  const events = CAREGIVERS.flatMap((caregiverId, i) =>
    MONTHS.flatMap((month, m) =>
      Array.from({ length: 1 + ((i + m) % 3) }, (_, k) => ({
        caregiverId,
        month,
        eventType: (i + k) % 2 === 0 ? 'x-ray' : 'ct',
        occurredAt: `${month}-1${k}T0${k}:30:00+01:00`,
      })),
    ),
  );
  const payOutEvents = [
    { caregiverId: 'pay-1', month: '2026-02', eventType: 'x-ray', occurredAt: '2026-02-03T10:00:00+01:00' },
    { caregiverId: 'pay-1', month: '2026-02', eventType: 'ct', occurredAt: '2026-02-04T10:00:00+01:00' },
  ];
  /** pg-a's January is paid out before the page is opened, so the chart has both kinds of sums. */
  const REIMBURSED = { caregiverId: 'pg-a', month: '2026-01' };

  const kr = (cents: number) => formatMoney(cents, 'SEK').replace(/\s/g, ' ');
  const text = async (page: Page, selector: string) => ((await page.locator(selector).textContent()) ?? '').replace(/\s/g, ' ').trim();

  function expected(caregiverIds: string[]) {
    const shown = events.filter((e) => caregiverIds.includes(e.caregiverId));
    const sum = (list: typeof events) => list.reduce((total, e) => total + PRICES[e.eventType], 0);
    const isReimbursed = (e: (typeof events)[number]) => e.caregiverId === REIMBURSED.caregiverId && e.month === REIMBURSED.month;
    const totals = (list: typeof events) => ({
      eventCount: list.length,
      totalCents: sum(list),
      reimbursedCents: sum(list.filter(isReimbursed)),
      pendingCents: sum(list.filter((e) => !isReimbursed(e))),
    });
    return {
      totals: totals(shown),
      byMonth: MONTHS.map((month) => ({ month, ...totals(shown.filter((e) => e.month === month)) })),
      rows: caregiverIds.flatMap((caregiverId) => MONTHS.map((month) => ({ caregiverId, month, ...totals(shown.filter((e) => e.caregiverId === caregiverId && e.month === month)) }))),
    };
  }

  beforeAll(async () => {
    sandbox = await createSandbox();
    [commandApi, queryApi] = await Promise.all([startApp('command-api', sandbox.env), startApp('query-api', sandbox.env)]);
    const projector = await startApp('projector', sandbox.env);
    page = await startApp('accounting-page', { AUTH_API_URL: sandbox.authApi.url, COMMAND_API_URL: commandApi.url, QUERY_API_URL: queryApi.url });
    apps = [commandApi, queryApi, projector, page];
    for (const user of Object.values(users)) {
      const created = await call(`${sandbox.authApi.url}/v1/users`, { json: user });
      expect(created.status).toBe(201);
    }
    for (const [code, amountCents] of Object.entries(PRICES)) {
      expect((await post(`${commandApi.url}/v1/event-types`, { code, name: code.toUpperCase(), amountCents })).status).toBe(202);
    }
    const all = [...events, ...payOutEvents].map(({ month: _month, ...event }) => event);
    const batch = await post<{ accepted: number }>(`${commandApi.url}/v1/events/batch`, { events: all });
    expect(batch.body.accepted).toBe(all.length);
    await waitForEventCount(queryApi.url, { from: '2026-01', to: '2026-03' }, all.length);
    const paid = await post<{ position: string }>(`${commandApi.url}/v1/reimbursements`, REIMBURSED);
    expect(paid.status).toBe(202);
    await waitForEventCount(queryApi.url, { from: '2026-01', to: '2026-03', minPosition: paid.body.position }, all.length);
  });

  afterAll(async () => {
    await Promise.all(browsers.map((b) => b.close()));
    await Promise.all((apps ?? []).map((app) => app.stop()));
    await removeSandbox(sandbox);
  });

  async function browser(): Promise<Page> {
    const opened = await openBrowser();
    browsers.push(opened);
    // Bounded waits, generous: the two cores are shared with the servers and other work.
    opened.page.setDefaultTimeout(60_000);
    return opened.page;
  }

  async function signIn(tab: Page, user: { username: string; password: string }) {
    await tab.getByLabel('Username').fill(user.username);
    await tab.getByLabel('Password').fill(user.password);
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await tab.getByText(`Signed in as ${user.username}`).waitFor();
  }

  const reportUrl = (params: Record<string, string>) => `${page.url}/?${new URLSearchParams(params)}`;

  it('signs in with username and password, shows a refusal by its title, and signs out', async () => {
    const tab = await browser();
    const cspViolations: string[] = [];
    tab.on('console', (message) => message.text().includes('Content Security Policy') && cspViolations.push(message.text()));
    await tab.goto(page.url);
    await tab.getByLabel('Username').fill(users.accountant.username);
    await tab.getByLabel('Password').fill('not the password');
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await tab.getByRole('alert').filter({ hasText: 'Invalid credentials' }).waitFor();
    await screenshot(tab, 'sign-in');
    await tab.getByLabel('Password').fill(users.accountant.password);
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await tab.getByText(`Signed in as ${users.accountant.username} (accountant)`).waitFor();
    // The token is in memory only.
    expect(await tab.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie])).toEqual([0, 0, '']);
    await tab.getByRole('button', { name: 'Sign out' }).click();
    await tab.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(cspViolations).toEqual([]);
  });

  it('shows per caregiver and month, and per month in the chart, the sums that were posted; pages keep the totals', async () => {
    const tab = await browser();
    await tab.goto(page.url);
    await signIn(tab, users.accountant);
    await tab.getByLabel('From month').fill('2026-01');
    await tab.getByLabel('To month').fill('2026-03');
    await tab.getByLabel('Caregivers').fill(CAREGIVERS.join('\n'));
    await tab.getByRole('button', { name: 'Show report' }).click();
    await tab.locator('table.rows tbody tr').first().waitFor();
    // The choice is in the URL.
    expect(new URL(tab.url()).searchParams.get('caregivers')).toBe(CAREGIVERS.join(','));
    const want = expected(CAREGIVERS);
    expect(await text(tab, '[data-testid=total]')).toBe(kr(want.totals.totalCents));
    expect(await text(tab, '[data-testid=pending]')).toBe(kr(want.totals.pendingCents));
    expect(await text(tab, '[data-testid=reimbursed]')).toBe(kr(want.totals.reimbursedCents));
    expect(await text(tab, '[data-testid=events]')).toBe(String(want.totals.eventCount));
    const bars = await tab.locator('svg .bar').evaluateAll((gs) =>
      gs.map((g) => ({ month: g.getAttribute('data-month'), pending: Number(g.getAttribute('data-pending-cents')), reimbursed: Number(g.getAttribute('data-reimbursed-cents')), label: g.getAttribute('aria-label') })),
    );
    expect(bars.map(({ label: _label, ...bar }) => bar)).toEqual(want.byMonth.map((m) => ({ month: m.month, pending: m.pendingCents, reimbursed: m.reimbursedCents })));
    expect(bars[0].label?.replace(/\s/g, ' ')).toBe(`2026-01: pending ${kr(want.byMonth[0].pendingCents)}, reimbursed ${kr(want.byMonth[0].reimbursedCents)}`);
    await screenshot(tab, 'report');

    // 12 rows at 10 a page: two pages, the same totals on both.
    await tab.getByLabel('Rows per page').selectOption('10');
    await tab.waitForFunction(() => document.querySelectorAll('table.rows tbody tr').length === 10);
    const rowsOf = () =>
      tab.locator('table.rows tbody tr').evaluateAll((trs) =>
        trs.map((tr) => [tr.getAttribute('data-caregiver'), tr.getAttribute('data-month'), ...[...tr.querySelectorAll('td.num')].map((td) => (td.textContent ?? '').replace(/\s/g, ' '))]),
      );
    const shown = [...(await rowsOf())];
    expect(shown).toHaveLength(10);
    await tab.getByRole('button', { name: 'Next page' }).click();
    await tab.locator('table.rows caption', { hasText: 'page 2' }).waitFor();
    shown.push(...(await rowsOf()));
    expect(await text(tab, '[data-testid=total]')).toBe(kr(want.totals.totalCents));
    expect(shown).toEqual(want.rows.map((r) => [r.caregiverId, r.month, String(r.eventCount), kr(r.totalCents), kr(r.pendingCents), kr(r.reimbursedCents)]));
    await tab.getByRole('button', { name: 'Previous page' }).click();
    await tab.locator('table.rows caption', { hasText: 'page 1' }).waitFor();

    // A bookmarked view opens as it was.
    await tab.goto(tab.url());
    await signIn(tab, users.accountant);
    await tab.locator('table.rows caption', { hasText: 'page 1' }).waitFor();
    expect(await tab.locator('table.rows tbody tr').count()).toBe(10);
    expect(await tab.getByLabel('Caregivers').inputValue()).toBe(CAREGIVERS.join('\n'));
  });

  it('drills down from a row to its events, and from an event to its reimbursement', async () => {
    const tab = await browser();
    await tab.goto(reportUrl({ from: '2026-01', to: '2026-03', caregivers: 'pg-a' }));
    await signIn(tab, users.accountant);
    await tab.getByRole('button', { name: 'Events of pg-a in 2026-01' }).click();
    await tab.getByRole('heading', { name: 'Events of pg-a in 2026-01' }).waitFor();
    const posted = events.filter((e) => e.caregiverId === 'pg-a' && e.month === '2026-01');
    await tab.locator('table.events caption', { hasText: `${posted.length} event${posted.length === 1 ? '' : 's'},` }).waitFor();
    const listed = await tab.locator('table.events tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 4).map((td) => (td.textContent ?? '').replace(/\s/g, ' '))));
    expect(listed).toEqual(posted.map((e) => [e.eventType, formatInstant(e.occurredAt, 'Europe/Stockholm'), kr(PRICES[e.eventType]), 'reimbursed']));
    await tab.getByRole('button', { name: /^Reimbursement of event/ }).first().click();
    const outcome = tab.locator('.reimbursement dl.outcome');
    await outcome.waitFor();
    expect(await outcome.getAttribute('data-status')).toBe('completed');
    expect((await outcome.textContent())?.replace(/\s/g, ' ')).toContain(kr(posted.reduce((s, e) => s + PRICES[e.eventType], 0)));
    await screenshot(tab, 'drill-down');
  });

  async function downloaded(tab: Page, button: string): Promise<{ name: string; content: Buffer }> {
    const [download]: [Download, void] = await Promise.all([tab.waitForEvent('download'), tab.getByRole('button', { name: button, exact: true }).click()]);
    return { name: download.suggestedFilename(), content: readFileSync((await download.path()) as string) };
  }

  it('downloads the report as CSV for machines and as CSV for a Swedish spreadsheet', async () => {
    const tab = await browser();
    await tab.goto(reportUrl({ from: '2026-01', to: '2026-03', caregivers: 'pg-a,pg-b' }));
    await signIn(tab, users.accountant);
    await tab.locator('table.rows tbody tr').first().waitFor();
    const want = expected(['pg-a', 'pg-b']).rows;

    const machines = await downloaded(tab, 'Download CSV');
    expect(machines.name).toBe('monthly-report-2026-01-2026-03.csv');
    expect(machines.content.toString('utf8')).toBe(
      ['caregiverId,month,eventCount,totalCents,pendingCents,reimbursedCents,currency', ...want.map((r) => `${r.caregiverId},${r.month},${r.eventCount},${r.totalCents},${r.pendingCents},${r.reimbursedCents},SEK`), ''].join('\n'),
    );

    const excel = await downloaded(tab, 'Download CSV for Excel');
    expect(excel.name).toBe('monthly-report-2026-01-2026-03-excel.csv');
    expect([...excel.content.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const kronor = (cents: number) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
    expect(excel.content.toString('utf8')).toBe(
      [
        '\uFEFFcaregiverId;month;eventCount;total SEK;pending SEK;reimbursed SEK',
        ...want.map((r) => `="${r.caregiverId}";="${r.month}";${r.eventCount};${kronor(r.totalCents)};${kronor(r.pendingCents)};${kronor(r.reimbursedCents)}`),
        '',
      ].join('\r\n'),
    );
  });

  it('requests a pay-out from a row, after a confirmation, and shows its outcome once the projection has it', async () => {
    const tab = await browser();
    await tab.goto(reportUrl({ from: '2026-02', to: '2026-02', caregivers: 'pay-1' }));
    await signIn(tab, users.accountant);
    await tab.getByRole('button', { name: 'Pay out pay-1 in 2026-02' }).click();
    const dialog = tab.getByRole('dialog', { name: 'Pay out pay-1 in 2026-02' });
    await dialog.getByText(`now ${kr(250000)}`).waitFor();
    await dialog.getByLabel('Payment reference (optional)').fill('batch-2026-02');
    await screenshot(tab, 'pay-out-confirm', false);
    await dialog.getByRole('button', { name: 'Confirm pay-out' }).click();
    await dialog.getByText(`Completed: ${kr(250000)} for 2 events.`).waitFor();
    expect((await dialog.locator('dl.outcome').textContent())?.replace(/\s/g, ' ')).toContain('batch-2026-02');
    await screenshot(tab, 'pay-out-outcome', false);
    await dialog.getByRole('button', { name: 'Close' }).click();
    // The report behind it read the write too: nothing pending, no pay-out offered.
    await tab.locator('[data-testid=reimbursed]', { hasText: kr(250000).replace(/ /g, '\u00a0') }).or(tab.locator('[data-testid=reimbursed]', { hasText: kr(250000) })).waitFor();
    expect(await text(tab, '[data-testid=pending]')).toBe(kr(0));
    expect(await tab.getByRole('button', { name: 'Pay out pay-1 in 2026-02' }).count()).toBe(0);

    // A second request for the same month is refused by the fold, and says why.
    const again = await post<{ reimbursementId: string; position: string }>(`${commandApi.url}/v1/reimbursements`, { caregiverId: 'pay-1', month: '2026-02' });
    const outcome = await call(`${queryApi.url}/v1/reimbursements/${again.body.reimbursementId}?minPosition=${encodeURIComponent(again.body.position)}`);
    expect(outcome.body).toMatchObject({ status: 'rejected', reason: 'nothing-pending' });
  });

  it('shows a manager only their own caregivers, offers no pay-out, and shows a refusal by its title', async () => {
    const tab = await browser();
    await tab.goto(reportUrl({ from: '2026-01', to: '2026-03' }));
    await signIn(tab, users.manager);
    await tab.getByText('You see the caregivers you manage, and only them.').waitFor();
    await tab.locator('table.rows tbody tr').first().waitFor();
    const caregivers = await tab.locator('table.rows tbody tr').evaluateAll((trs) => [...new Set(trs.map((tr) => tr.getAttribute('data-caregiver')))]);
    expect(caregivers).toEqual(['pg-a', 'pg-b']);
    expect(await text(tab, '[data-testid=total]')).toBe(kr(expected(['pg-a', 'pg-b']).totals.totalCents));
    expect(await tab.getByRole('button', { name: /^Pay out/ }).count()).toBe(0);
    await screenshot(tab, 'manager');
    await tab.getByLabel('Caregivers').fill('pg-a\npg-c');
    await tab.getByRole('button', { name: 'Show report' }).click();
    await tab.getByRole('alert').filter({ hasText: 'Forbidden' }).waitFor();
  });

  it('asks for sign-in again when the session expires, keeping what is on screen', async () => {
    const tab = await browser();
    await tab.clock.install();
    await tab.goto(reportUrl({ from: '2026-01', to: '2026-03', caregivers: 'pg-c', limit: '10' }));
    await signIn(tab, users.accountant);
    await tab.locator('table.rows tbody tr').first().waitFor();
    const before = await tab.locator('table.rows').innerHTML();
    await tab.getByLabel('Caregivers').fill('pg-c\npg-d');
    // The sandbox's tokens live a day: a day and a minute later the page asks again.
    await tab.clock.fastForward('24:01:00');
    const dialog = tab.getByRole('dialog', { name: 'Your session has ended' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Username').inputValue()).toBe(users.accountant.username);
    await screenshot(tab, 'session-ended', false);
    await dialog.getByLabel('Password').fill(users.accountant.password);
    await dialog.getByRole('button', { name: 'Sign in again' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await tab.locator('table.rows').innerHTML()).toBe(before);
    expect(await tab.getByLabel('Caregivers').inputValue()).toBe('pg-c\npg-d');
    await tab.getByRole('button', { name: 'Show report' }).click();
    await tab.locator('table.rows tbody tr[data-caregiver="pg-d"]').first().waitFor();
  });

  it('lets the keyboard alone reach and use every action', async () => {
    const tab = await browser();
    await tab.goto(reportUrl({ from: '2026-01', to: '2026-03', caregivers: 'pg-b,pay-1', limit: '10' }));
    // Sign in: the username field has the focus, once the page has rendered it (keys typed before go nowhere).
    await tab.waitForFunction(() => document.activeElement?.getAttribute('autocomplete') === 'username');
    await tab.keyboard.type(users.accountant.username);
    await tab.keyboard.press('Tab');
    await tab.keyboard.type(users.accountant.password);
    await tab.keyboard.press('Enter');
    await tab.locator('table.rows tbody tr').first().waitFor();

    const actions = await tab.evaluate(() => {
      const all = [...document.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea, [tabindex]:not([tabindex="-1"])')].filter(
        (el) => !(el as HTMLButtonElement).disabled && el.offsetParent !== null,
      );
      all.forEach((el, i) => el.setAttribute('data-kb', String(i)));
      return all.map((el) => el.getAttribute('aria-label') ?? el.textContent?.trim() ?? el.id);
    });
    const reached = new Set<string>();
    for (let i = 0; i < actions.length + 5 && reached.size < actions.length; i++) {
      await tab.keyboard.press('Tab');
      const kb = await tab.evaluate(() => document.activeElement?.getAttribute('data-kb'));
      if (kb) reached.add(kb);
    }
    expect(actions.filter((_, i) => !reached.has(String(i)))).toEqual([]);
    expect(actions).toEqual(expect.arrayContaining(['Sign out', 'This year', 'Show report', 'Download CSV', 'Download CSV for Excel', 'Events of pg-b in 2026-01', 'Pay out pg-b in 2026-01']));

    // Drill-down by keyboard: focus goes to its heading.
    await tab.getByRole('button', { name: 'Events of pg-b in 2026-02' }).focus();
    await tab.keyboard.press('Enter');
    await tab.getByRole('heading', { name: 'Events of pg-b in 2026-02' }).waitFor();
    expect(await focusOnceMoved(tab, 'text', 'Events of pg-b in 2026-02')).toBe('Events of pg-b in 2026-02');
    // A pay-out dialog by keyboard: it opens on its confirm button, Escape closes it, the focus comes back.
    await tab.getByRole('button', { name: 'Pay out pg-b in 2026-03' }).focus();
    await tab.keyboard.press('Enter');
    await tab.getByRole('dialog', { name: 'Pay out pg-b in 2026-03' }).waitFor();
    expect(await focusOnceMoved(tab, 'text', 'Confirm pay-out')).toBe('Confirm pay-out');
    await tab.keyboard.press('Escape');
    await tab.getByRole('dialog').waitFor({ state: 'hidden' });
    expect(await focusOnceMoved(tab, 'label', 'Pay out pg-b in 2026-03')).toBe('Pay out pg-b in 2026-03');
    // The focus is visible.
    expect(await tab.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle)).toBe('solid');
  });
});

/**
 * The focused element's text or aria-label, once it is `expected` or the page's default timeout
 * has passed: the page moves the focus in an effect after the render that a locator's wait sees,
 * so an element can be shown a moment before it has the focus.
 */
async function focusOnceMoved(tab: Page, how: 'text' | 'label', expected: string): Promise<string | null> {
  const focused = ({ how, want }: { how: 'text' | 'label'; want?: string }) => {
    const value = (how === 'text' ? document.activeElement?.textContent : document.activeElement?.getAttribute('aria-label')) ?? null;
    return want === undefined || value === want ? { value } : false;
  };
  await tab.waitForFunction(focused, { how, want: expected }).catch(() => undefined);
  const now = await tab.evaluate(focused, { how });
  return now ? now.value : null;
}
