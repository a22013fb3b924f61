package demo

import (
	"fmt"

	"mzdesk/ent/reliefpayment"
	"mzdesk/internal/relief"
	"mzdesk/internal/split"
)

// The report's figures, which the demo sheet adds up to exactly.
const (
	PreAllocatedFen  int64 = 516_000_000 * 100 // 5.16亿元 pre-allocated
	TemporaryPaidFen int64 = 18_000_000 * 100  // 1,800万元 of temporary assistance paid
	TemporaryPersons       = 19_000            // 1.9万人次
	allowancesPaidBy       = "2020-01-23"      // January and February allowances, paid before the end of January
)

// counties and their invented weights (示例): how the demo spreads the city's totals.
var counties = []struct {
	name   string
	weight uint64
}{
	{"武陵区", 14}, {"鼎城区", 16}, {"安乡县", 9}, {"汉寿县", 12}, {"澧县", 13},
	{"临澧县", 7}, {"桃源县", 15}, {"石门县", 10}, {"津市市", 4},
}

// ReliefRows are the demo county returns: the report's totals spread over the nine counties
// and three months by invented weights, exactly, with the largest remainder.
func ReliefRows() []relief.Row {
	weights := make([]uint64, len(counties))
	for i, c := range counties {
		weights[i] = c.weight
	}
	share := func(total int64) []int64 {
		s, _ := split.Shares(uint64(total), weights)
		out := make([]int64, len(s))
		for i, v := range s {
			out[i] = int64(v)
		}
		return out
	}
	var rows []relief.Row
	add := func(county string, p reliefpayment.Programme, month string, st reliefpayment.Stage, persons int, amount int64, paid string) {
		rows = append(rows, relief.Row{Line: len(rows) + 2, County: county, Programme: p, Month: month, Stage: st,
			Persons: persons, AmountFen: amount, PaidOn: paid})
	}
	// Pre-allocated relief: 70% 城乡低保, 20% 特困供养, 10% 临时救助 (invented split).
	programmeShare := []struct {
		p       reliefpayment.Programme
		percent int64
	}{{reliefpayment.ProgrammeMINIMUM_LIVING, 70}, {reliefpayment.ProgrammeEXTREME_POVERTY, 20}, {reliefpayment.ProgrammeTEMPORARY, 10}}
	for _, ps := range programmeShare {
		for i, amount := range share(PreAllocatedFen * ps.percent / 100) {
			add(counties[i].name, ps.p, "2020-02", reliefpayment.StagePRE_ALLOCATED, 0, amount, "")
		}
	}
	// January and February allowances, all paid before the end of January (invented amounts).
	for _, month := range []string{"2020-01", "2020-02"} {
		living, poverty := share(9_000_000_000), share(2_400_000_000)
		for i, c := range counties {
			add(c.name, reliefpayment.ProgrammeMINIMUM_LIVING, month, reliefpayment.StagePAID, int(c.weight)*1500, living[i], allowancesPaidBy)
			add(c.name, reliefpayment.ProgrammeEXTREME_POVERTY, month, reliefpayment.StagePAID, int(c.weight)*300, poverty[i], allowancesPaidBy)
		}
	}
	// Temporary assistance paid: 1.9万人次 and 1,800万元 over January to March.
	months := []string{"2020-01", "2020-02", "2020-03"}
	monthAmounts, _ := split.Shares(uint64(TemporaryPaidFen), []uint64{2, 5, 3})
	monthPersons, _ := split.Shares(TemporaryPersons, []uint64{2, 5, 3})
	for m, month := range months {
		persons, _ := split.Shares(monthPersons[m], weights)
		amounts := share(int64(monthAmounts[m]))
		for i, c := range counties {
			add(c.name, reliefpayment.ProgrammeTEMPORARY, month, reliefpayment.StagePAID, int(persons[i]), amounts[i],
				fmt.Sprintf("%s-28", month))
		}
	}
	return rows
}
