//go:build cbec_bootstrap

package policy

import "github.com/tradepolicy/cbec/zones"

// Built with the cbec_bootstrap tag, the package compiles its data when it
// starts instead of compiling tables.go, so that go generate can rewrite a
// tables.go that no longer compiles. See TestTables.

var std = func() *Engine {
	e, err := NewEngine(zones.Default(), Data())
	if err != nil {
		panic("policy: bootstrap: " + err.Error())
	}
	return e
}()
