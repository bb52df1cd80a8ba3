import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiClient } from './api';
import { DrillDown } from './drill-down';
import { Filters } from './filters';
import { Modal } from './modal';
import { PayOutDialog } from './pay-out';
import { PAGE_SIZES, Report } from './report';
import { canPayOut, canRead, isScoped, Session } from './session';
import { SignInForm } from './sign-in';
import { ReportRow } from './types';
import { readViewState, viewStateSearch, ViewState } from './view-state';

interface Renewal {
  promise: Promise<Session>;
  resolve: (session: Session) => void;
  reject: (error: Error) => void;
}

function pageSizeOf(search: string): number {
  const size = Number(new URLSearchParams(search).get('limit'));
  return Number.isInteger(size) && size >= 1 && size <= 1000 ? size : PAGE_SIZES[1];
}

function urlOf(view: ViewState, pageSize: number): string {
  const search = viewStateSearch(view);
  return pageSize === PAGE_SIZES[1] ? search : `${search}&limit=${pageSize}`;
}

export function App() {
  const [session, setSession] = useState<Session>();
  const sessionRef = useRef<Session | undefined>(undefined);
  const [renewal, setRenewal] = useState<Renewal>();
  const renewalRef = useRef<Renewal | undefined>(undefined);

  const signedIn = useCallback((next: Session) => {
    sessionRef.current = next;
    setSession(next);
    const pending = renewalRef.current;
    renewalRef.current = undefined;
    setRenewal(undefined);
    pending?.resolve(next);
  }, []);

  const api = useMemo(
    () =>
      new ApiClient({
        current: () => sessionRef.current,
        renew: () => {
          if (!renewalRef.current) {
            let resolve!: (s: Session) => void;
            let reject!: (e: Error) => void;
            const promise = new Promise<Session>((res, rej) => {
              resolve = res;
              reject = rej;
            });
            renewalRef.current = { promise, resolve, reject };
            setRenewal(renewalRef.current);
          }
          return renewalRef.current.promise;
        },
      }),
    [],
  );

  function signOut() {
    sessionRef.current = undefined;
    setSession(undefined);
    renewalRef.current?.reject(new Error('Signed out'));
    renewalRef.current = undefined;
    setRenewal(undefined);
  }

  // When the token expires, ask for sign-in at once (what is on screen stays). A token living longer
  // than a timer can wait (24.8 days) is checked before each call instead.
  useEffect(() => {
    const delay = session ? Math.max(0, session.expiresAt - Date.now()) : Infinity;
    if (delay > 2 ** 31 - 1) return;
    const timer = setTimeout(() => api.renew().catch(() => undefined), delay);
    return () => clearTimeout(timer);
  }, [api, session]);

  if (!session) {
    return (
      <main class="signed-out">
        <h1>Reimbursements</h1>
        <section aria-labelledby="sign-in-heading" class="card">
          <h2 id="sign-in-heading">Sign in</h2>
          <SignInForm idPrefix="sign-in" onSignedIn={signedIn} />
        </section>
      </main>
    );
  }
  return (
    <>
      <header class="top">
        <h1>Reimbursements</h1>
        <p class="who">
          Signed in as <strong>{session.username}</strong> ({session.roles.join(', ')})
        </p>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main>{canRead(session) ? <Workspace api={api} session={session} /> : <p role="alert">Your role cannot read reports.</p>}</main>
      {renewal && (
        <Modal labelledBy="renew-heading" className="renew">
          <h2 id="renew-heading">Your session has ended</h2>
          <p>Sign in again to go on; what is on the page stays.</p>
          <SignInForm idPrefix="renew" username={session.username} onSignedIn={signedIn} submitLabel="Sign in again" />
          <button type="button" class="link" onClick={signOut}>
            Sign out instead
          </button>
        </Modal>
      )}
    </>
  );
}

/** The report, its drill-down and pay-outs, for the view in the URL. */
function Workspace({ api, session }: { api: ApiClient; session: Session }) {
  const initial = useMemo(() => readViewState(location.search, new Date()), []);
  const [view, setView] = useState<ViewState>(initial);
  const [shown, setShown] = useState(initial.shown);
  const [pageSize, setPageSize] = useState(() => pageSizeOf(location.search));
  const [minPosition, setMinPosition] = useState<string>();
  const [drill, setDrill] = useState<{ row: ReportRow; currency: string; timeZone: string }>();
  const [payOut, setPayOut] = useState<{ row: ReportRow; currency: string; timeZone: string }>();

  useEffect(() => {
    const onPop = () => {
      const next = readViewState(location.search, new Date());
      setView(next);
      setShown(next.shown);
      setPageSize(pageSizeOf(location.search));
      setDrill(undefined);
    };
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);

  function show(next: ViewState) {
    history.pushState(null, '', urlOf(next, pageSize));
    setView(next);
    setShown(true);
    setDrill(undefined);
  }

  function changePageSize(size: number) {
    history.replaceState(null, '', urlOf(view, size));
    setPageSize(size);
  }

  return (
    <>
      {isScoped(session) && (
        <p class="note" role="note">
          You see the caregivers you manage, and only them.
        </p>
      )}
      <Filters key={viewStateSearch(view)} view={view} scoped={isScoped(session)} onShow={show} />
      {shown && (
        <Report
          api={api}
          view={view}
          pageSize={pageSize}
          onPageSize={changePageSize}
          minPosition={minPosition}
          canPayOut={canPayOut(session)}
          onDrillDown={(row, currency, timeZone) => setDrill({ row, currency, timeZone })}
          onPayOut={(row, currency, timeZone) => setPayOut({ row, currency, timeZone })}
        />
      )}
      {drill && <DrillDown api={api} {...drill} onClose={() => setDrill(undefined)} />}
      {payOut && (
        <PayOutDialog
          api={api}
          {...payOut}
          onWritten={(position) => {
            setMinPosition(position);
            if (drill) setDrill({ ...drill });
          }}
          onClose={() => setPayOut(undefined)}
        />
      )}
    </>
  );
}
