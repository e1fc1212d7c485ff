// Results as you type: every keystroke asks again, and an answer that arrives after a
// newer question was asked is thrown away so results never jump back to an older query.

export type LatestOnly = {
  /** Runs the request; resolves to its result, or to null when a newer request started meanwhile. */
  run<T>(request: () => Promise<T>): Promise<T | null>;
};

export function latestOnly(): LatestOnly {
  let newest = 0;
  return {
    async run<T>(request: () => Promise<T>): Promise<T | null> {
      const ticket = ++newest;
      const result = await request();
      return ticket === newest ? result : null;
    },
  };
}
