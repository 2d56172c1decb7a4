import type { ValidationIssue } from '@the-eye/client';
import { Fragment, type ReactNode } from 'react';
import { locate, nodeKey, type Segment } from './issue-paths';

/** One printed line of the JSON. */
interface Line {
  depth: number;
  text: string;
  /** Inside a node that has an issue. */
  highlighted: boolean;
  /** The issues located at the node this line opens (shown beside it). */
  issues: ValidationIssue[];
}

type IssuesAt = Map<string, ValidationIssue[]>;

const isContainer = (value: unknown): value is Record<string, unknown> | unknown[] => typeof value === 'object' && value !== null;

function print(value: unknown, at: Segment[], depth: number, key: string | undefined, comma: boolean, issuesAt: IssuesAt, inHighlight: boolean, lines: Line[]): void {
  const issues = issuesAt.get(nodeKey(at)) ?? [];
  const highlighted = inHighlight || issues.length > 0;
  const label = key === undefined ? '' : `${JSON.stringify(key)}: `;
  const entries: [Segment, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : isContainer(value) ? Object.entries(value) : [];
  if (!isContainer(value) || entries.length === 0) {
    const text = isContainer(value) ? (Array.isArray(value) ? '[]' : '{}') : (JSON.stringify(value) ?? String(value));
    lines.push({ depth, text: `${label}${text}${comma ? ',' : ''}`, highlighted, issues });
    return;
  }
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  lines.push({ depth, text: `${label}${open}`, highlighted, issues });
  entries.forEach(([segment, child], index) => {
    print(child, [...at, segment], depth + 1, typeof segment === 'string' ? segment : undefined, index < entries.length - 1, issuesAt, highlighted, lines);
  });
  lines.push({ depth, text: `${close}${comma ? ',' : ''}`, highlighted, issues: [] });
}

/** The issues of `value` by the node each one points at (a missing key: its parent). */
export function issuesByNode(value: unknown, issues: readonly ValidationIssue[]): IssuesAt {
  const byNode: IssuesAt = new Map();
  for (const issue of issues) {
    const key = nodeKey(locate(value, issue.path).at);
    byNode.set(key, [...(byNode.get(key) ?? []), issue]);
  }
  return byNode;
}

/** `value` printed as JSON with two-space indents, line by line, each issue at its node. */
export function jsonLines(value: unknown, issues: readonly ValidationIssue[] = []): Line[] {
  const lines: Line[] = [];
  print(value, [], 0, undefined, false, issuesByNode(value, issues), false, lines);
  return lines;
}

export interface JsonViewProps {
  value: unknown;
  /** Issues to highlight: each one's node is marked, and its code and message are written beside it. */
  issues?: readonly ValidationIssue[];
  /** Names the block for assistive technology. */
  label: string;
}

/**
 * JSON, formatted, with each issue's path highlighted in it and its message beside it. A value
 * that is not JSON (an event sent as text) is shown as it is.
 */
export function JsonView({ value, issues = [], label }: JsonViewProps): ReactNode {
  const lines = jsonLines(value, issues);
  return (
    <pre className="json" aria-label={label} tabIndex={0}>
      <code>
        {lines.map((line, index) => (
          <Fragment key={index}>
            {'  '.repeat(line.depth)}
            {line.highlighted ? (
              <mark className="json-issue" data-issue-path={line.issues.length > 0 ? line.issues.map((issue) => issue.path).join(' ') : undefined}>
                {line.text}
              </mark>
            ) : (
              line.text
            )}
            {line.issues.map((issue, n) => (
              <span className="issue-note" key={n}>
                {' ⟵ '}
                <span className="issue-code">{issue.code}</span> {issue.path === '' ? '' : `${issue.path}: `}
                {issue.message}
              </span>
            ))}
            {'\n'}
          </Fragment>
        ))}
      </code>
    </pre>
  );
}
