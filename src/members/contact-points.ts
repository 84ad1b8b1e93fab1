// A member's contact points are marked invalid, never deleted: the member registry may send a
// corrected address later, which clears the marker on import (write-members.ts).
import { assertNever } from "../assert.ts";
import type { ChannelName } from "../channels/names.ts";
import type { Db } from "../db/client.ts";

export async function markContactPointInvalid(db: Db, memberId: number, channel: ChannelName, at: Date): Promise<void> {
  switch (channel) {
    case "email":
      await db.member.update({ where: { id: memberId }, data: { emailInvalidAt: at } });
      return;
    case "sms":
      await db.member.update({ where: { id: memberId }, data: { mobileInvalidAt: at } });
      return;
    case "letter":
      await db.member.update({ where: { id: memberId }, data: { addressInvalidAt: at } });
      return;
    default:
      assertNever(channel);
  }
}
