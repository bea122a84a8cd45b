import type { Note, NoteCode } from "./types.ts";

/** Collects notes, dropping empty ones so a response only lists what actually happened. */
export class Notes {
  readonly list: Note[] = [];
  add(code: NoteCode, count: number, message: string): void {
    if (count > 0) this.list.push({ code, count, message });
  }
}

/** "1 change" / "3 changes". */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
