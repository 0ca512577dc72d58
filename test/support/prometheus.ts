// Reads Prometheus' text exposition format (what GET /metrics answers) into samples, so
// specs can ask "is there a sample of this series with these labels" without regexes.
import { http } from './http.js';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(LABEL)) {
      labels[l[1]] = l[2].replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    }
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

/** The samples of `name` whose labels include every one of `labels`. */
export function find(samples: Sample[], name: string, labels: Record<string, string> = {}) {
  return samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
}

/** The single value of a series, or throws saying which series is missing. */
export function value(samples: Sample[], name: string, labels: Record<string, string> = {}) {
  const found = find(samples, name, labels);
  if (found.length !== 1) {
    throw new Error(
      `expected one sample of ${name}${JSON.stringify(labels)}, found ${found.length}`,
    );
  }
  return found[0].value;
}

/** Scrapes `<base>/metrics` as Prometheus would and parses it. */
export async function scrape(base: string): Promise<Sample[]> {
  const res = await http('GET', `${base}/metrics`);
  if (res.status !== 200) throw new Error(`GET ${base}/metrics answered ${res.status}`);
  return parseMetrics(res.text);
}
