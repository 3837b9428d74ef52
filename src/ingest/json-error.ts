/**
 * Where a JSON text first goes wrong. V8's JSON.parse messages carry a position only for some
 * errors ("Unexpected token 'o', …"is not valid JSON" has none), so on the error path — never the
 * hot one — we walk the text ourselves to name the line and column of the first bad character.
 */

/** The offset of the first character that makes `text` invalid JSON, and what was expected there. */
export function findJsonError(text: string): { offset: number; expected: string } {
  let i = 0;
  const n = text.length;
  // Each stack entry is the container we are in: "{" or "[".
  const stack: string[] = [];
  type State = "value" | "afterValue" | "key" | "colon";
  let state: State = "value";
  const skipSpace = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
  };
  const readString = (): boolean => {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) return false;
        i += 2;
        continue;
      }
      i++;
    }
    return false;
  };
  for (;;) {
    skipSpace();
    if (i >= n) {
      if (stack.length === 0 && state === "afterValue") return { offset: -1, expected: "" };
      return {
        offset: n,
        expected: stack.length > 0 ? `the rest of the ${stack.at(-1) === "{" ? "object" : "array"}` : "a value",
      };
    }
    const ch = text[i] as string;
    if (state === "value") {
      if (ch === "{") {
        stack.push("{");
        i++;
        skipSpace();
        if (text[i] === "}") {
          stack.pop();
          i++;
          state = "afterValue";
        } else state = "key";
        continue;
      }
      if (ch === "[") {
        stack.push("[");
        i++;
        skipSpace();
        if (text[i] === "]") {
          stack.pop();
          i++;
          state = "afterValue";
        }
        continue;
      }
      if (ch === '"') {
        if (!readString())
          return { offset: i, expected: i < n ? "a valid string character or escape" : "a closing '\"'" };
        state = "afterValue";
        continue;
      }
      const literal = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
      if (!literal) return { offset: i, expected: "a value (string, number, object, array, true, false or null)" };
      i += literal[0].length;
      state = "afterValue";
      continue;
    }
    if (state === "key") {
      if (ch !== '"') return { offset: i, expected: "a property name in double quotes" };
      if (!readString())
        return { offset: i, expected: i < n ? "a valid string character or escape" : "a closing '\"'" };
      state = "colon";
      continue;
    }
    if (state === "colon") {
      if (ch !== ":") return { offset: i, expected: '":"' };
      i++;
      state = "value";
      continue;
    }
    // afterValue
    const top = stack.at(-1);
    if (top === undefined) return { offset: i, expected: "the end of the text" };
    if (ch === ",") {
      i++;
      state = top === "{" ? "key" : "value";
      continue;
    }
    if ((top === "{" && ch === "}") || (top === "[" && ch === "]")) {
      stack.pop();
      i++;
      continue;
    }
    return { offset: i, expected: top === "{" ? '"," or "}"' : '"," or "]"' };
  }
}
