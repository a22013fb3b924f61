import urql from '@urql/vue'
import { createApp } from 'vue'
import App from './App.vue'
import { restoreLocale } from './composables/useLocale'
import { startOfflineQueue } from './composables/useOfflineQueue'
import { createGraphQLClient } from './graphql/client'
import { i18n } from './i18n'
import { answerKeys } from './keyboard'
import { nameSheets } from './sheetNames'
import { endSession, router } from './router'
import './style.css'

answerKeys(document)
nameSheets(document.body)

const client = createGraphQLClient(endSession)
startOfflineQueue(client)

// English is fetched before the first paint when it is the phone's language, so no Chinese flashes first.
void restoreLocale().finally(() => createApp(App).use(i18n).use(router).use(urql, client).mount('#app'))
