//go:build ignore

// gen.go regenerates tables.go from data/*.tsv. Run it with
//
//	go generate ./trade
package main

import (
	"fmt"
	"os"

	"github.com/tradepolicy/cbec/internal/tradegen"
)

func main() {
	src, err := tradegen.Generate(os.DirFS("data"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := os.WriteFile("tables.go", src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
