//go:build ignore

// Gen writes tables.go from ../zones/data and data. Run it with go generate.
package main

import (
	"log"
	"os"

	"github.com/tradepolicy/cbec/internal/policygen"
)

func main() {
	src, err := policygen.Generate(os.DirFS("../zones/data"), os.DirFS("data"))
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("tables.go", src, 0o644); err != nil {
		log.Fatal(err)
	}
}
