import urql from '@urql/vue'
import { createApp } from 'vue'
import App from './App.vue'
import { restoreLocale } from './composables/useLocale'
import { startOfflineQueue } from './composables/useOfflineQueue'
import { createGraphQLClient } from './graphql/client'
import { i18n } from './i18n'
import { answerKeys } from './keyboard'
import { forgetAnswers, readShell } from './shell'
import { nameSheets } from './sheetNames'
import { endSession, router } from './router'
import './style.css'

answerKeys(document)
nameSheets(document.body)

const client = createGraphQLClient(endSession)
startOfflineQueue(client)

/**
 * Lets the browser paint and answer a tap between two steps of the start: a slow phone spends
 * tens of milliseconds on each, and one long task of all of them holds the page the server
 * painted still.
 */
const pause = (): Promise<void> => new Promise((resume) => setTimeout(resume, 0))

// English is fetched before the first paint when it is the phone's language, so no Chinese flashes first.
void restoreLocale().finally(async () => {
  await pause()
  const app = createApp(App).use(i18n).use(urql, client)
  // Installing the router starts the first navigation, which asks for the first screen's
  // chunks and links each of their many small files into the page: a step of its own.
  await pause()
  app.use(router)
  // Mounting replaces what the page shows until then (the skeleton, or the page the server
  // painted): wait until the first screen's own chunks have arrived, so that a slow link shows
  // that page the whole time instead of a blank one. A failed first navigation (offline, a
  // chunk missing) still mounts, and the router says what it can.
  await router.isReady().catch(() => undefined)
  await pause()
  // Keep what was typed into the painted page, and the answers it was painted from.
  readShell()
  app.mount('#app')
  // The first screen has taken its answers as it mounted; the rest would only grow stale.
  forgetAnswers()
})
