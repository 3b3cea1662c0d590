// Quickstart prints a few dates of China's cross-border e-commerce retail
// import policy. It grows into real decisions as the policy package lands.
package main

import (
	"fmt"

	"github.com/tradepolicy/cbec"
)

func main() {
	for _, e := range []struct{ day, what string }{
		{"2016-05-11", "transition period: retail imports in 10 pilot cities supervised as personal articles"},
		{"2019-01-01", "商财发〔2018〕486号: 37 pilot cities"},
		{"2020-01-17", "商财发〔2020〕15号: 86 cities and the whole of Hainan Island"},
		{"2021-03-18", "商财发〔2021〕39号: every city hosting one of five zone categories"},
	} {
		fmt.Println(cbec.MustParseDate(e.day), e.what)
	}
}
