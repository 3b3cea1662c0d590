//go:build ignore

// Gen writes tables.go from data/*.tsv. Run it with go generate.
package main

import (
	"log"
	"os"

	"github.com/tradepolicy/cbec/internal/zonesgen"
)

func main() {
	src, err := zonesgen.Generate(os.DirFS("data"))
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("tables.go", src, 0o644); err != nil {
		log.Fatal(err)
	}
}
