// "The members of this database changed" (an import, an erasure), for caches of derived answers
// (segment previews) in this process. Lower layers announce; higher layers listen.
const listeners = new WeakMap<object, Set<() => void>>();

export function onMembersChanged(db: object, listener: () => void): void {
  let set = listeners.get(db);
  if (!set) listeners.set(db, (set = new Set()));
  set.add(listener);
}

export function membersChanged(db: object): void {
  for (const listener of listeners.get(db) ?? []) listener();
}
