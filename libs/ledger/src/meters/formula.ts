/**
 * Virtual-meter formulas: + − × ÷, parentheses, numbers and meter ids, nothing else (no functions, no property
 * access, no assignment), parsed once into a tree and evaluated without `eval`. A meter id is a bare identifier
 * (`M1`, `kiln_gas`) or, when it holds other characters, in braces (`{kiln-1.gas}`).
 *
 * Chosen over a library: expr-eval's last release (2.0.2) carries an open prototype-pollution advisory
 * (GHSA-8gw3-rxh4-v6jx), and mathjs brings nine dependencies and a whole language (functions, matrices, units,
 * assignment) into a field a user types; the grammar needed here is four operators.
 */
export type Expr =
  | { kind: 'num'; value: number }
  | { kind: 'ref'; id: string }
  | { kind: 'neg'; arg: Expr }
  | { kind: 'bin'; op: '+' | '-' | '*' | '/'; left: Expr; right: Expr };

export type FormulaReason = 'FORMULA_SYNTAX' | 'FORMULA_TOO_LONG' | 'FORMULA_UNKNOWN_METER' | 'FORMULA_NOT_FINITE';

export class FormulaError extends Error {
  constructor(
    readonly reason: FormulaReason,
    message: string,
  ) {
    super(`${reason}: ${message}`);
  }
}

const MAX_LENGTH = 2000;
const MAX_DEPTH = 100;

type Token = { kind: 'num'; value: number } | { kind: 'ref'; id: string } | { kind: 'op'; op: string; at: number };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (/[0-9.]/.test(c)) {
      const m = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(src.slice(i));
      if (!m) throw new FormulaError('FORMULA_SYNTAX', `bad number at ${i}`);
      out.push({ kind: 'num', value: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      out.push({ kind: 'ref', id: m[0] });
      i += m[0].length;
    } else if (c === '{') {
      const close = src.indexOf('}', i);
      const id = close < 0 ? '' : src.slice(i + 1, close).trim();
      if (!id) throw new FormulaError('FORMULA_SYNTAX', `unclosed or empty {…} at ${i}`);
      out.push({ kind: 'ref', id });
      i = close + 1;
    } else if ('+-*/()'.includes(c)) {
      out.push({ kind: 'op', op: c, at: i });
      i++;
    } else {
      throw new FormulaError('FORMULA_SYNTAX', `unexpected ${JSON.stringify(c)} at ${i}`);
    }
  }
  return out;
}

/** Parses a formula; throws FormulaError with a reason code. */
export function parseFormula(src: string): Expr {
  if (src.length > MAX_LENGTH) throw new FormulaError('FORMULA_TOO_LONG', `longer than ${MAX_LENGTH} characters`);
  const toks = tokenize(src);
  let pos = 0;
  const peekOp = (ops: string) => {
    const t = toks[pos];
    return t?.kind === 'op' && ops.includes(t.op) ? t.op : undefined;
  };
  const expr = (depth: number): Expr => {
    let left = term(depth);
    for (let op = peekOp('+-'); op; op = peekOp('+-')) {
      pos++;
      left = { kind: 'bin', op: op as '+' | '-', left, right: term(depth) };
    }
    return left;
  };
  const term = (depth: number): Expr => {
    let left = unary(depth);
    for (let op = peekOp('*/'); op; op = peekOp('*/')) {
      pos++;
      left = { kind: 'bin', op: op as '*' | '/', left, right: unary(depth) };
    }
    return left;
  };
  const unary = (depth: number): Expr => {
    if (depth > MAX_DEPTH) throw new FormulaError('FORMULA_TOO_LONG', `nested deeper than ${MAX_DEPTH}`);
    const op = peekOp('+-');
    if (op) {
      pos++;
      const arg = unary(depth + 1);
      return op === '-' ? { kind: 'neg', arg } : arg;
    }
    const t = toks[pos++];
    if (!t) throw new FormulaError('FORMULA_SYNTAX', 'unexpected end');
    if (t.kind === 'num') return t;
    if (t.kind === 'ref') return t;
    if (t.op === '(') {
      const inner = expr(depth + 1);
      if (peekOp(')') !== ')') throw new FormulaError('FORMULA_SYNTAX', `missing ) for ( at ${t.at}`);
      pos++;
      return inner;
    }
    throw new FormulaError('FORMULA_SYNTAX', `unexpected ${t.op} at ${t.at}`);
  };
  const tree = expr(0);
  if (pos !== toks.length) throw new FormulaError('FORMULA_SYNTAX', 'unexpected text after the formula');
  return tree;
}

/** The meter ids a formula reads. */
export function referencedMeters(e: Expr, out: Set<string> = new Set()): Set<string> {
  if (e.kind === 'ref') out.add(e.id);
  else if (e.kind === 'neg') referencedMeters(e.arg, out);
  else if (e.kind === 'bin') {
    referencedMeters(e.left, out);
    referencedMeters(e.right, out);
  }
  return out;
}

/** Evaluates with the meters' values; an unknown meter or a non-finite result (÷ 0) throws FormulaError. */
export function evaluateFormula(e: Expr, values: ReadonlyMap<string, number>): number {
  const v = ev(e, values);
  if (!Number.isFinite(v)) throw new FormulaError('FORMULA_NOT_FINITE', 'the result is not finite (division by 0?)');
  return v;
}

function ev(e: Expr, values: ReadonlyMap<string, number>): number {
  switch (e.kind) {
    case 'num':
      return e.value;
    case 'ref': {
      const v = values.get(e.id);
      if (v === undefined) throw new FormulaError('FORMULA_UNKNOWN_METER', `no value for meter ${e.id}`);
      return v;
    }
    case 'neg':
      return -ev(e.arg, values);
    case 'bin': {
      const a = ev(e.left, values);
      const b = ev(e.right, values);
      return e.op === '+' ? a + b : e.op === '-' ? a - b : e.op === '*' ? a * b : a / b;
    }
  }
}
