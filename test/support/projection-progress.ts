import { MongoClient } from 'mongodb';
import { Sandbox } from './stack';

/** How many records of the sandbox's log the projector has applied, from its own offsets. */
export async function appliedRecords(mongo: MongoClient, sandbox: Sandbox): Promise<number> {
  const docs = await mongo.db(sandbox.database).collection('projection_offsets').find({ topic: sandbox.logTopic }).toArray();
  return docs.reduce((sum, d) => sum + (d.appliedOffset as number) + 1, 0);
}

/** A counter from an app's Prometheus text, summed over its labels. */
export async function metricTotal(appUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${appUrl}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}
