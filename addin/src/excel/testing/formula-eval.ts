/**
 * Test support: evaluates the small subset of Excel formulas that office-formulas.ts writes (R1C1
 * same-row references `RC`/`RC[n]`, numbers, "text", + − × ÷, comparisons, IF, AND, OR, NOT, ISNUMBER,
 * N, ROUND, MAX), following Excel's documented rules ("Calculation operators and precedence",
 * support.microsoft.com; the function pages of IF, N, ROUND, ISNUMBER): a blank cell is 0 in arithmetic
 * and "" in comparisons, text comparisons ignore case, ROUND rounds halves away from zero, text in
 * arithmetic is #VALUE!. Enough to check that a formula computes what the schema's JS function computes.
 */

export type Cell = number | string | boolean | null;
type Value = number | string | boolean | null | { error: string };

const VALUE_ERROR = { error: '#VALUE!' } as const;

/** Evaluates a formula placed in column `at`; `cellAt` gives the raw content of a column of the same row. */
export function evaluate(formula: string, cellAt: (col: number) => Cell, at: number): Cell {
  const tokens = tokenize(formula.replace(/^=/, ''));
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++]!;
  const expect = (t: string) => {
    if (next() !== t) throw new Error(`atteso ${t} in ${formula}`);
  };

  const isErr = (v: Value): v is { error: string } => typeof v === 'object' && v !== null;
  const num = (v: Value): number | { error: string } => {
    if (isErr(v)) return v;
    if (v === null || v === '') return 0;
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (typeof v === 'number') return v;
    const n = Number(v);
    return Number.isFinite(n) ? n : VALUE_ERROR;
  };
  const arith = (a: Value, b: Value, f: (x: number, y: number) => number): Value => {
    const x = num(a);
    const y = num(b);
    if (isErr(x)) return x;
    if (isErr(y)) return y;
    return f(x, y);
  };
  const compare = (a: Value, b: Value, op: string): Value => {
    if (isErr(a)) return a;
    if (isErr(b)) return b;
    const norm = (v: Value) => (v === null ? (typeof (v === a ? b : a) === 'number' ? 0 : '') : v);
    const x = norm(a);
    const y = norm(b);
    let c: number;
    if (typeof x === 'number' && typeof y === 'number') c = x - y;
    else if (typeof x === 'string' && typeof y === 'string') c = x.toLowerCase().localeCompare(y.toLowerCase());
    else c = typeof x === 'number' ? -1 : 1; // numbers sort before text
    return { '=': c === 0, '<>': c !== 0, '<': c < 0, '<=': c <= 0, '>': c > 0, '>=': c >= 0 }[op]!;
  };
  const truthy = (v: Value): boolean | { error: string } => {
    if (isErr(v)) return v;
    if (typeof v === 'boolean') return v;
    const n = num(v);
    return isErr(n) ? VALUE_ERROR : n !== 0;
  };

  function primary(): Value {
    const t = next();
    if (t === '(') {
      const v = comparison();
      expect(')');
      return v;
    }
    if (t === '-') return arith(0, primary(), (x, y) => x - y);
    if (t.startsWith('"')) return t.slice(1, -1).replace(/""/g, '"');
    if (/^\d/.test(t)) return Number(t);
    const ref = /^RC(?:\[(-?\d+)\])?$/.exec(t);
    if (ref) return cellAt(at + Number(ref[1] ?? 0)) ?? null;
    // A function call.
    expect('(');
    const raw: Value[] = [];
    if (peek() !== ')') {
      for (;;) {
        raw.push(comparison());
        if (peek() === ',') next();
        else break;
      }
    }
    expect(')');
    switch (t) {
      case 'IF': {
        const c = truthy(raw[0]!);
        if (isErr(c)) return c;
        return c ? raw[1]! : (raw[2] ?? false);
      }
      case 'AND':
      case 'OR': {
        const bs = raw.map(truthy);
        const err = bs.find(isErr);
        if (err) return err;
        return t === 'AND' ? bs.every(Boolean) : bs.some(Boolean);
      }
      case 'NOT': {
        const c = truthy(raw[0]!);
        return isErr(c) ? c : !c;
      }
      case 'ISNUMBER':
        return typeof raw[0] === 'number';
      case 'N':
        return typeof raw[0] === 'number' ? raw[0] : typeof raw[0] === 'boolean' ? Number(raw[0]) : isErr(raw[0]!) ? raw[0]! : 0;
      case 'ROUND': {
        const x = num(raw[0]!);
        const d = num(raw[1]!);
        if (isErr(x)) return x;
        if (isErr(d)) return d;
        const f = 10 ** d;
        return (Math.sign(x) * Math.round(Math.abs(x) * f + 1e-9)) / f;
      }
      case 'MAX': {
        const xs = raw.map(num);
        const err = xs.find(isErr);
        return err ?? Math.max(...(xs as number[]));
      }
      default:
        throw new Error(`funzione non prevista: ${t}`);
    }
  }
  function term(): Value {
    let v = primary();
    while (peek() === '*' || peek() === '/') {
      const op = next();
      const r = primary();
      v = op === '*' ? arith(v, r, (x, y) => x * y) : arith(v, r, (x, y) => (y === 0 ? NaN : x / y));
      if (typeof v === 'number' && Number.isNaN(v)) v = { error: '#DIV/0!' };
    }
    return v;
  }
  function sum(): Value {
    let v = term();
    while (peek() === '+' || peek() === '-') {
      const op = next();
      const r = term();
      v = arith(v, r, op === '+' ? (x, y) => x + y : (x, y) => x - y);
    }
    return v;
  }
  function comparison(): Value {
    let v = sum();
    while (['=', '<>', '<', '<=', '>', '>='].includes(peek() ?? '')) {
      const op = next();
      v = compare(v, sum(), op);
    }
    return v;
  }

  const result = comparison();
  if (i !== tokens.length) throw new Error(`formula non letta fino in fondo: ${formula}`);
  if (isErr(result)) return result.error;
  return result === '' ? null : result;
}

function tokenize(s: string): string[] {
  const out: string[] = [];
  const re = /\s*("(?:[^"]|"")*"|RC(?:\[-?\d+\])?|\d+(?:\.\d+)?|<=|>=|<>|[A-Z]+|[()+\-*/,=<>])/y;
  while (re.lastIndex < s.length) {
    const m = re.exec(s);
    if (!m) throw new Error(`carattere non previsto in ${s} a ${re.lastIndex}`);
    out.push(m[1]!);
  }
  return out;
}
