// Package control is the epidemic control of the bureau's institutions: the daily
// "2+1+1" report and its compliance, inspections by the supervision groups, the problems
// they raise, and the figures of the bureau's dashboard.
package control
