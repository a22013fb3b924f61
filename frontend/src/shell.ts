/**
 * What was typed into the login page the server painted (internal/app/shell.go) while the
 * SPA's scripts were still on their way: read once, before the SPA mounts over that page,
 * so that LoginView starts with it and nobody types their account twice.
 */
export interface ShellInput {
  username: string
  password: string
  /** The field the cursor was in, to put it back there. */
  focused: 'username' | 'password' | null
}

let taken: ShellInput = { username: '', password: '', focused: null }

/** Reads the painted login form under `root`, if there is one; call it before mounting. */
export function readShell(root: ParentNode = document): void {
  const field = (name: string) => root.querySelector<HTMLInputElement>(`[data-shell] input[name=${name}]`)
  const active = document.activeElement
  taken = {
    username: field('username')?.value ?? '',
    password: field('password')?.value ?? '',
    focused: active === field('username') && active ? 'username' : active === field('password') && active ? 'password' : null,
  }
}

/** The painted form's values, handed over once: a later visit to the login page starts empty. */
export function takeShellInput(): ShellInput {
  const input = taken
  taken = { username: '', password: '', focused: null }
  return input
}
