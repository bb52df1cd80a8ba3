import { AssignerProtocol } from 'kafkajs';
import { withAdmin } from './stack';

/** A consumer group as the broker describes it: its state and, per member, the partitions of `topic` it holds. */
export interface GroupAssignment {
  state: string;
  members: { clientHost: string; memberId: string; partitions: number[] }[];
}

export async function groupAssignment(groupId: string, topic: string): Promise<GroupAssignment> {
  const { groups } = await withAdmin((admin) => admin.describeGroups([groupId]));
  const [group] = groups;
  return {
    state: group?.state ?? 'Dead',
    members: (group?.members ?? []).map((member) => ({
      clientHost: member.clientHost,
      memberId: member.memberId,
      partitions: [...(AssignerProtocol.MemberAssignment.decode(member.memberAssignment)?.assignment[topic] ?? [])].sort((a, b) => a - b),
    })),
  };
}
