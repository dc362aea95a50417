import { mentorsApi, type MyStudent } from '../api/index.ts';
import { useCursorList } from './useCursorList.ts';

/** Students allocated to me (as supervisor or industry mentor) in published allocation runs. */
export function useMyStudents(pageSize = 20) {
  return useCursorList<MyStudent>((cursor) =>
    mentorsApi.myStudents({ limit: pageSize, ...(cursor ? { cursor } : {}) }),
  );
}
