import urql from '@urql/vue'
import { createApp } from 'vue'
import App from './App.vue'
import { restoreLocale } from './composables/useLocale'
import { createGraphQLClient } from './graphql/client'
import { i18n } from './i18n'
import { endSession, router } from './router'
import './style.css'

restoreLocale()

createApp(App).use(i18n).use(router).use(urql, createGraphQLClient(endSession)).mount('#app')
