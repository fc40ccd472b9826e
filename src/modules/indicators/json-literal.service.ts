/**
 * The source text of one member of a JSON document, for the one place where the reference
 * sees a difference that JSON.parse erases: serde_json keeps `1` and `1.0` apart, and R018
 * asks `numberOfTenderers.as_u64() == Some(1)`, which is false for `1.0`, `1e0` or `10e-1`
 * (ocdscardinal src/indicators/r018.rs). The document must already be valid JSON (the caller
 * parsed it); as with JSON.parse, the last of duplicate keys wins.
 */
export function rawJsonMember(text: string, path: readonly string[]): string | undefined {
  if (path.length === 0) return undefined;
  const scanner = new Scanner(text);
  scanner.skipWhitespace();
  return scanner.findInValue(path, 0);
}

class Scanner {
  private position = 0;

  constructor(private readonly text: string) {}

  /** Scans the value at the cursor; returns the raw text at `path[depth…]` inside it. */
  findInValue(path: readonly string[], depth: number): string | undefined {
    if (this.text[this.position] !== '{') {
      this.skipValue();
      return undefined;
    }
    this.position += 1;
    let found: string | undefined;
    this.skipWhitespace();
    if (this.text[this.position] === '}') {
      this.position += 1;
      return undefined;
    }
    for (;;) {
      this.skipWhitespace();
      const keyStart = this.position;
      this.skipString();
      const key = JSON.parse(this.text.slice(keyStart, this.position)) as string;
      this.skipWhitespace();
      this.position += 1; // ':'
      this.skipWhitespace();
      if (key !== path[depth]) {
        this.skipValue();
      } else if (depth === path.length - 1) {
        const valueStart = this.position;
        this.skipValue();
        found = this.text.slice(valueStart, this.position);
      } else {
        // A later duplicate replaces the whole earlier value, so its result replaces ours.
        found = this.findInValue(path, depth + 1);
      }
      this.skipWhitespace();
      const separator = this.text[this.position];
      this.position += 1;
      if (separator === '}') return found;
    }
  }

  skipWhitespace(): void {
    while (' \t\n\r'.includes(this.text[this.position] ?? 'x')) this.position += 1;
  }

  /** Skips any value without recursion (nesting depth is unbounded). */
  private skipValue(): void {
    const first = this.text[this.position];
    if (first === '"') {
      this.skipString();
      return;
    }
    if (first !== '{' && first !== '[') {
      while (this.position < this.text.length && !',]} \t\n\r'.includes(this.text[this.position])) this.position += 1;
      return;
    }
    let depth = 0;
    do {
      const character = this.text[this.position];
      if (character === '"') {
        this.skipString();
        continue;
      }
      if (character === '{' || character === '[') depth += 1;
      else if (character === '}' || character === ']') depth -= 1;
      this.position += 1;
    } while (depth > 0 && this.position < this.text.length);
  }

  private skipString(): void {
    this.position += 1;
    while (this.position < this.text.length) {
      const character = this.text[this.position];
      if (character === '\\') this.position += 2;
      else if (character === '"') {
        this.position += 1;
        return;
      } else this.position += 1;
    }
  }
}
