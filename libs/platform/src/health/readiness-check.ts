/** One dependency an app needs to serve; the app is ready when all of them answer. */
export abstract class ReadinessCheck {
  abstract readonly name: string;
  abstract isReady(): Promise<boolean>;
}

export class ReadinessChecks {
  constructor(readonly checks: ReadinessCheck[]) {}
}
