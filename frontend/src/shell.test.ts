import { describe, expect, it } from 'vitest'
import { readShell, takeShellInput } from './shell'

describe('the painted login form', () => {
  it('hands what was typed, and where, to the SPA once', () => {
    document.body.innerHTML = `<div id="app"><main data-shell="login">
      <input name="username" /><input name="password" type="password" /></main></div>`
    const [username, password] = document.querySelectorAll('input')
    username.value = 'village-430702001001'
    password.value = 'demo'
    password.focus()
    readShell()
    expect(takeShellInput()).toEqual({ username: 'village-430702001001', password: 'demo', focused: 'password' })
    expect(takeShellInput()).toEqual({ username: '', password: '', focused: null })
  })

  it('finds nothing on a page the server did not paint', () => {
    document.body.innerHTML = '<div id="app"><div class="boot-bar"></div><input name="username" value="x" /></div>'
    readShell()
    expect(takeShellInput()).toEqual({ username: '', password: '', focused: null })
  })
})
