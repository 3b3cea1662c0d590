package cbec_test

import (
	"fmt"
	"time"

	"github.com/tradepolicy/cbec"
)

func ExampleParseDate() {
	d, err := cbec.ParseDate("2019-01-01")
	fmt.Println(d, err)

	_, err = cbec.ParseDate("2019-02-29")
	fmt.Println(err)
	// Output:
	// 2019-01-01 <nil>
	// cbec: invalid date "2019-02-29": want YYYY-MM-DD, a real calendar date
}

func ExampleDateInChina() {
	// 16:00 UTC on New Year's Eve is already New Year's Day in China.
	t := time.Date(2018, time.December, 31, 16, 0, 0, 0, time.UTC)
	fmt.Println(cbec.DateInChina(t))
	// Output: 2019-01-01
}

func ExamplePeriod_Contains() {
	list486 := cbec.Period{From: cbec.MustParseDate("2019-01-01")}
	fmt.Println(list486.Contains(cbec.MustParseDate("2018-12-31")))
	fmt.Println(list486.Contains(cbec.MustParseDate("2019-01-01")))
	// Output:
	// false
	// true
}
