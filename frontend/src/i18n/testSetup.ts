// Unit tests switch i18n.global.locale directly: give them every language up front, as the
// app has once loadLocale fetched it.
import { i18n } from '.'
import en from './en-US'

i18n.global.setLocaleMessage('en-US', en)
