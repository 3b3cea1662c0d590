//go:build cbec_bootstrap

package zones

// Built with the cbec_bootstrap tag, the package loads data/*.tsv when it
// starts instead of compiling tables.go, so that go generate can rewrite a
// tables.go that no longer compiles. See TestTables.

var std = func() *Registry {
	r, err := Load(Data())
	if err != nil {
		panic("zones: bootstrap: " + err.Error())
	}
	return r
}()
