import { getOperationName, stringifyVariables, type Operation } from '@urql/core'

/**
 * What the server painted (internal/app/shell.go) while the SPA's scripts were still on their
 * way: what was typed into the painted login page or a trail's search box, and the answers of
 * the queries the page was painted from. Read once, before the SPA mounts over that page, so
 * that nobody types their account twice and the first screen mounts with what was shown.
 */
export interface ShellInput {
  username: string
  password: string
  /** The field the cursor was in, to put it back there. */
  focused: 'username' | 'password' | null
  /** What was typed into a public trail's search box. */
  search: string
}

/** One of the SPA's queries with the answer the page was painted from. */
interface Answered {
  operation: string
  variables: Record<string, unknown>
  data: Record<string, unknown> | null
}

const empty = (): ShellInput => ({ username: '', password: '', focused: null, search: '' })
let taken = empty()
let answers: Answered[] = []

/** Reads the painted page under `root`, if there is one; call it before mounting. */
export function readShell(root: ParentNode = document): void {
  const field = (name: string) => root.querySelector<HTMLInputElement>(`[data-shell] input[name=${name}]`)
  const active = document.activeElement
  taken = {
    username: field('username')?.value ?? '',
    password: field('password')?.value ?? '',
    focused: active === field('username') && active ? 'username' : active === field('password') && active ? 'password' : null,
    search: field('search')?.value ?? '',
  }
  try {
    const painted = root.querySelector('script#painted')?.textContent
    answers = painted ? (JSON.parse(painted) as Answered[]) : []
  } catch {
    answers = [] // a page cut short on a bad link: the SPA asks for itself
  }
}

/** The painted form's values, handed over once: a later visit to the login page starts empty. */
export function takeShellInput(): ShellInput {
  const input = taken
  taken = empty()
  return input
}

/**
 * The painted answer of a query with the same name and variables, handed over once: the
 * screen the page was painted as mounts with it, and any later visit asks the server.
 */
export function takeAnswer(operation: Pick<Operation, 'query' | 'variables'>): Record<string, unknown> | undefined {
  const name = getOperationName(operation.query)
  const variables = stringifyVariables(operation.variables ?? {})
  const index = answers.findIndex((a) => a.operation === name && stringifyVariables(a.variables) === variables)
  if (index < 0) return undefined
  const [found] = answers.splice(index, 1)
  return found.data ?? undefined
}

/** Drops the answers the first screen did not ask for: a later screen asks the server. */
export function forgetAnswers(): void {
  answers = []
}
