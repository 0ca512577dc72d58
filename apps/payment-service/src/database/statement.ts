/** Collects the parameters of one SQL statement built from parts: `p(value)` -> `$n`. */
export class Statement {
  readonly params: unknown[] = [];
  readonly p = (value: unknown): string => {
    this.params.push(value);
    return `$${this.params.length}`;
  };
}
