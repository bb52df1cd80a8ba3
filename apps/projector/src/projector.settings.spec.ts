import { configurationProblems, validateEnvironment } from '@reimbursements/platform/config/validate-environment';
import { ProjectorSettings } from './projector.settings';

const problemsOf = (env: Record<string, string>) => configurationProblems(ProjectorSettings, env);

describe('ProjectorSettings', () => {
  it("waits 250 ms per fetch unless told, not kafkajs's 5 s", () => {
    expect(validateEnvironment(ProjectorSettings, {}).PROJECTOR_FETCH_MAX_WAIT_MS).toBe(250);
    expect(validateEnvironment(ProjectorSettings, { PROJECTOR_FETCH_MAX_WAIT_MS: '1000' }).PROJECTOR_FETCH_MAX_WAIT_MS).toBe(1000);
  });

  it.each(['5', '5001', 'soon', '2.5', '0x50'])('refuses PROJECTOR_FETCH_MAX_WAIT_MS=%s, naming it (a fetch near the 10 s session would lose the group)', (value) => {
    expect([...new Set(problemsOf({ PROJECTOR_FETCH_MAX_WAIT_MS: value }).map((p) => p.split(':')[0]))]).toEqual(['PROJECTOR_FETCH_MAX_WAIT_MS']);
  });
});
