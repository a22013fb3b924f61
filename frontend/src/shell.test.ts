import { parse } from 'graphql'
import { describe, expect, it } from 'vitest'
import { forgetAnswers, readShell, takeAnswer, takeShellInput } from './shell'

describe('the painted login form', () => {
  it('hands what was typed, and where, to the SPA once', () => {
    document.body.innerHTML = `<div id="app"><main data-shell="login">
      <input name="username" /><input name="password" type="password" /></main></div>`
    const [username, password] = document.querySelectorAll('input')
    username.value = 'village-430702001001'
    password.value = 'demo'
    password.focus()
    readShell()
    expect(takeShellInput()).toEqual({ username: 'village-430702001001', password: 'demo', focused: 'password', search: '' })
    expect(takeShellInput()).toEqual({ username: '', password: '', focused: null, search: '' })
  })

  it('finds nothing on a page the server did not paint', () => {
    document.body.innerHTML = '<div id="app"><div class="boot-bar"></div><input name="username" value="x" /></div>'
    readShell()
    expect(takeShellInput()).toEqual({ username: '', password: '', focused: null, search: '' })
  })
})

describe('a painted public page', () => {
  const trail = parse('query DonationTrail($id: ID!) { donationTrail(id: $id) { id } }')
  const paint = (answers: string) => {
    document.body.innerHTML = `<div id="app"><main data-shell="trail"><input name="search" /></main>
      <script type="application/json" id="painted">${answers}</script></div>`
  }

  it('hands its answer to the first identical query only, and what was searched', () => {
    paint('[{"operation":"DonationTrail","variables":{"id":"7"},"data":{"donationTrail":{"id":"7"}}}]')
    const search = document.querySelector('input')
    if (search) search.value = 'zhsq'
    readShell()
    expect(takeShellInput().search).toBe('zhsq')
    expect(takeAnswer({ query: trail, variables: { id: '8' } })).toBeUndefined()
    expect(takeAnswer({ query: trail, variables: { id: '7' } })).toEqual({ donationTrail: { id: '7' } })
    expect(takeAnswer({ query: trail, variables: { id: '7' } })).toBeUndefined()
  })

  it('keeps no answer past the first screen, and none from a page cut short', () => {
    paint('[{"operation":"DonationTrail","variables":{"id":"7"},"data":{"donationTrail":{"id":"7"}}}]')
    readShell()
    forgetAnswers()
    expect(takeAnswer({ query: trail, variables: { id: '7' } })).toBeUndefined()
    paint('[{"operation":"DonationTrail","varia')
    readShell()
    expect(takeAnswer({ query: trail, variables: { id: '7' } })).toBeUndefined()
  })
})
