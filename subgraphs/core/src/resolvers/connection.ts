import type { Connection } from '@webir/kit';

/** Connections carry `totalCount` as a thunk: the count is a second statement, run only when asked. */
export const connectionResolvers = {
  totalCount: (connection: Connection<unknown>) => connection.totalCount(),
};
