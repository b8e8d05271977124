#!/usr/bin/env node
/**
 * One-off codemod (issue 9): rewrites the positional error constructors to the options form.
 *
 *   new Hop3Error(CODE, MESSAGE, { cause, details })  ->  new Hop3Error({ code: CODE, message: MESSAGE, cause, details })
 *   redisError(CODE, MESSAGE, OPTIONS)               ->  redisError({ code: CODE, message: MESSAGE, ...OPTIONS })
 *   uwsgiError(CODE, MESSAGE, DETAILS, CAUSE)        ->  uwsgiError({ code: CODE, message: MESSAGE, details: DETAILS, cause: CAUSE })
 *
 * Usage: node scripts/codemods/hop3-error-options.mjs FILE...   (rewrites the files in place)
 *        node scripts/codemods/hop3-error-options.mjs --stdin NAME < in > out   (filter, for staging a blob)
 *        --abort (first): also rewrite `new Abort(MESSAGE, OPTIONS)` to one options object (then rename the callee).
 * Only the arguments change; the rest of each file is left byte for byte.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import ts from 'typescript';

/** Callee name -> how its positional arguments map onto option names. */
const SHAPES = {
  Hop3Error: { kind: 'new', params: ['code', 'message'], options: 2 },
  redisError: { kind: 'call', params: ['code', 'message'], options: 2 },
  uwsgiError: { kind: 'call', params: ['code', 'message', 'details', 'cause'], options: -1 },
};
/** With --abort, also `new Abort(MESSAGE, OPTIONS)` -> `new Abort({ message: MESSAGE, ...OPTIONS })`, to rename to a factory after. */
const ABORT_SHAPE = { kind: 'new', params: ['message'], options: 1 };

function lineIndent(text, pos) {
  const start = text.lastIndexOf('\n', pos - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))[0];
}

/** Continuation lines keep their offset from the first line, which moves from `from` to `to`. */
function reindent(body, from, to) {
  const shift = to.length - from.length;
  const lines = body.split('\n');
  return [
    lines[0],
    ...lines.slice(1).map((l) => {
      if (l.trim() === '') return '';
      const own = /^[ \t]*/.exec(l)[0].length;
      return ' '.repeat(Math.max(0, own + shift)) + l.trimStart();
    }),
  ].join('\n');
}

/** The properties the options object gets, as source text, from the call's arguments. */
function properties(text, shape, args) {
  const props = [];
  shape.params.forEach((name, i) => {
    const arg = args[i];
    if (!arg) return;
    const source = text.slice(arg.getStart(), arg.end);
    if (name === 'details' && ts.isObjectLiteralExpression(arg) && arg.properties.length === 0) return;
    if (name === 'cause' && source === 'undefined') return;
    props.push({ text: name === source ? name : `${name}: ${source}`, indent: lineIndent(text, arg.getStart()) });
  });
  const extra = shape.options >= 0 ? args[shape.options] : undefined;
  if (extra) {
    if (ts.isObjectLiteralExpression(extra)) {
      const inner = text.slice(extra.getStart() + 1, extra.end - 1).trim().replace(/,\s*$/, '');
      const first = extra.properties[0];
      if (inner) props.push({ text: inner, indent: first ? lineIndent(text, first.getStart()) : '' });
    } else {
      props.push({ text: `...${text.slice(extra.getStart(), extra.end)}`, indent: lineIndent(text, extra.getStart()) });
    }
  }
  return props;
}

export function transform(fileName, text) {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const edits = [];
  const visit = (node) => {
    const isNew = ts.isNewExpression(node);
    if ((isNew || ts.isCallExpression(node)) && ts.isIdentifier(node.expression)) {
      const shape = SHAPES[node.expression.text];
      const args = node.arguments ?? [];
      if (shape && (shape.kind === 'new') === isNew && args.length >= 2 && !ts.isObjectLiteralExpression(args[0])) {
        const open = text.indexOf('(', node.expression.end);
        const close = node.end - 1;
        const inside = text.slice(open + 1, close);
        const props = properties(text, shape, args);
        let replacement;
        if (!inside.includes('\n')) {
          replacement = `{ ${props.map((p) => p.text.replace(/\s*\n\s*/g, ' ')).join(', ')} }`;
        } else {
          const indent = lineIndent(text, node.getStart());
          const inner = `${indent}  `;
          replacement = `{\n${props.map((p) => `${inner}${reindent(p.text, p.indent, inner)},`).join('\n')}\n${indent}}`;
        }
        edits.push({ start: open + 1, end: close, replacement });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  // Nested calls (an error built inside another's arguments) are left for a second run.
  const outer = edits.filter((e) => !edits.some((o) => o !== e && o.start <= e.start && e.end <= o.end));
  let out = text;
  for (const e of outer.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.replacement + out.slice(e.end);
  return { text: out, changed: outer.length, nested: edits.length - outer.length };
}

let argv = process.argv.slice(2);
if (argv[0] === '--abort') {
  SHAPES.Abort = ABORT_SHAPE;
  argv = argv.slice(1);
}
if (argv[0] === '--stdin') {
  let text = readFileSync(0, 'utf8');
  for (let i = 0; i < 5; i++) {
    const r = transform(argv[1], text);
    text = r.text;
    if (r.nested === 0) break;
  }
  process.stdout.write(text);
} else {
  for (const file of argv) {
    let text = readFileSync(file, 'utf8');
    let total = 0;
    for (let i = 0; i < 5; i++) {
      const r = transform(file, text);
      text = r.text;
      total += r.changed;
      if (r.nested === 0) break;
    }
    if (total > 0) {
      writeFileSync(file, text);
      console.log(`${file}: ${total}`);
    }
  }
}
