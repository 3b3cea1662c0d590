package trade

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/tradepolicy/cbec"
)

func TestModeFacts(t *testing.T) {
	tests := []struct {
		m          Mode
		code, str  string
		dir        Direction
		zh, text   string
		customs    string
		introduced string
		doc        string
	}{
		{DirectImport, "9610", "DirectImport", Import, "直购进口", "9610", "跨境贸易电子商务", "2014-02-10", "海关总署公告2014年第12号"},
		{BondedImport, "1210", "BondedImport", Import, "网购保税进口", "1210", "保税跨境贸易电子商务", "2014-08-01", "海关总署公告2014年第57号"},
		{BondedImportA, "1239", "BondedImportA", Import, "网购保税进口A", "1239", "保税跨境贸易电子商务A", "2016-12-01", "海关总署公告2016年第75号"},
		{DirectExport, "9610", "DirectExport", Export, "一般出口", "9610-export", "跨境贸易电子商务", "2014-02-10", "海关总署公告2014年第12号"},
		{BondedExport, "1210", "BondedExport", Export, "特殊区域出口", "1210-export", "保税跨境贸易电子商务", "2014-08-01", "海关总署公告2014年第57号"},
		{B2BDirectExport, "9710", "B2BDirectExport", Export, "跨境电商B2B直接出口", "9710", "跨境电子商务企业对企业直接出口", "2020-07-01", "海关总署公告2020年第75号"},
		{OverseasWarehouseExport, "9810", "OverseasWarehouseExport", Export, "跨境电商出口海外仓", "9810", "跨境电子商务出口海外仓", "2020-07-01", "海关总署公告2020年第75号"},
	}
	if len(tests) != numModes {
		t.Fatalf("test table has %d modes, modes.tsv %d", len(tests), numModes)
	}
	for _, tt := range tests {
		t.Run(tt.str, func(t *testing.T) {
			m := tt.m
			if !m.IsValid() {
				t.Fatal("not valid")
			}
			check := func(what, got, want string) {
				t.Helper()
				if got != want {
					t.Errorf("%s = %q, want %q", what, got, want)
				}
			}
			check("Code", m.Code(), tt.code)
			check("String", m.String(), tt.str)
			check("Direction", m.Direction().String(), tt.dir.String())
			check("NameZH", m.NameZH(), tt.zh)
			check("CustomsName", m.CustomsName(), tt.customs)
			check("Introduced", m.Introduced().String(), tt.introduced)
			check("Source.Doc", m.Source().Doc, tt.doc)
			check("Source.Issuer", m.Source().Issuer, "海关总署")
			if m.NameEN() == "" || m.CustomsShortName() == "" || m.Source().Title == "" {
				t.Error("a name or the title is empty")
			}
			if r := m.Source().ReadAt; len(r) == 0 || !strings.HasPrefix(r[0], "http") {
				t.Errorf("Source.ReadAt = %q", r)
			}
			b, err := m.MarshalText()
			if err != nil || string(b) != tt.text {
				t.Errorf("MarshalText = %q, %v; want %q", b, err, tt.text)
			}
			if p, err := ParseMode(tt.text); err != nil || p != m {
				t.Errorf("ParseMode(%q) = %v, %v", tt.text, p, err)
			}
			if p, err := ParseMode(tt.str); err != nil || p != m {
				t.Errorf("ParseMode(%q) = %v, %v", tt.str, p, err)
			}
			if p, err := ParseMode(tt.zh); err != nil || p != m {
				t.Errorf("ParseMode(%q) = %v, %v", tt.zh, p, err)
			}
		})
	}
}

func TestInvalidMode(t *testing.T) {
	for _, m := range []Mode{0, 8, 42, 255} {
		if m.IsValid() {
			t.Errorf("Mode(%d).IsValid() = true", m)
		}
		if m.Code() != "" || m.NameZH() != "" || m.NameEN() != "" || m.Direction() != 0 ||
			m.Introduced().IsValid() || !m.Source().Equal(cbec.Source{}) {
			t.Errorf("Mode(%d) has facts", m)
		}
	}
	if got := Mode(42).String(); got != "Mode(42)" {
		t.Errorf("Mode(42).String() = %q", got)
	}
	if got := Mode(0).String(); got != "Mode(0)" {
		t.Errorf("Mode(0).String() = %q", got)
	}
	if _, err := Mode(42).MarshalText(); err == nil {
		t.Error("Mode(42).MarshalText succeeded")
	}
	if b, err := Mode(0).MarshalText(); err != nil || len(b) != 0 {
		t.Errorf("Mode(0).MarshalText = %q, %v", b, err)
	}
	if got := Direction(0).String(); got != "Direction(0)" {
		t.Errorf("Direction(0).String() = %q", got)
	}
}

func TestModesOrder(t *testing.T) {
	var got []Mode
	for m := range Modes() {
		got = append(got, m)
	}
	want := []Mode{DirectImport, BondedImport, BondedImportA, DirectExport, BondedExport, B2BDirectExport, OverseasWarehouseExport}
	if len(got) != len(want) {
		t.Fatalf("Modes() = %v", got)
	}
	for i := range want {
		if got[i] != want[i] || int(got[i]) != i+1 {
			t.Errorf("Modes()[%d] = %v, want %v", i, got[i], want[i])
		}
	}
	for m := range Modes() { // early stop must not panic
		_ = m
		break
	}
}

func TestParseMode(t *testing.T) {
	tests := []struct {
		in   string
		want Mode
	}{
		{"1210", BondedImport},
		{"9610", DirectImport},
		{"1239", BondedImportA},
		{"9710", B2BDirectExport},
		{"9810", OverseasWarehouseExport},
		{"9610-export", DirectExport},
		{"1210-export", BondedExport},
		{"9610-EXPORT", DirectExport},
		{"1210-import", BondedImport},
		{" 1210\t", BondedImport},
		{"1210\n", BondedImport},
		{"1210\u00a0", BondedImport},
		{"\u30001210\u3000", BondedImport},
		{"\ufeff1210", BondedImport},
		{"１２１０", BondedImport},
		{"９６１０－ｅｘｐｏｒｔ", DirectExport},
		{"ＢｏｎｄｅｄＩｍｐｏｒｔ", BondedImport},
		{"网购保税进口Ａ", BondedImportA},
		{" 网购保税进口\n", BondedImport},
		{"BondedImport", BondedImport},
		{"bondedimport", BondedImport},
		{"BONDEDIMPORTA", BondedImportA},
		{"overseasWarehouseExport", OverseasWarehouseExport},
		{"b2bdirectexport", B2BDirectExport},
		{"网购保税进口", BondedImport},
		{"直购进口", DirectImport},
		{"网购保税进口A", BondedImportA},
		{"网购保税进口a", BondedImportA},
		{"保税跨境贸易电子商务", BondedImport}, // customs full name of 1210: the import mode
		{"跨境贸易电子商务", DirectImport},   // customs full name of 9610: the import mode
		{"保税电商", BondedImport},
		{"保税电商A", BondedImportA},
		{"跨境电商B2B直接出口", B2BDirectExport},
		{"跨境电子商务出口海外仓", OverseasWarehouseExport},
		{"特殊区域出口", BondedExport},
	}
	for _, tt := range tests {
		got, err := ParseMode(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseMode(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseModeErrors(t *testing.T) {
	for _, in := range []string{"", " ", "12100", "121", "1210-exp", "1239-export", "9710-import", "import", "Mode(1)", "保税", "网购", "BondedImportB", "1210 export", "\xff"} {
		m, err := ParseMode(in)
		if err == nil {
			t.Errorf("ParseMode(%q) = %v, want error", in, m)
			continue
		}
		if !errors.Is(err, ErrUnknownMode) {
			t.Errorf("ParseMode(%q) error %v does not wrap ErrUnknownMode", in, err)
		}
		if m != 0 {
			t.Errorf("ParseMode(%q) returned %v with the error", in, m)
		}
		if q := `"` + in + `"`; !strings.Contains(err.Error(), q) && in != "\xff" {
			t.Errorf("ParseMode(%q) error %q does not quote the input", in, err)
		}
	}
}

func TestModeText(t *testing.T) {
	type rec struct {
		Mode Mode `json:"mode"`
	}
	for m := range Modes() {
		b, err := json.Marshal(rec{m})
		if err != nil {
			t.Fatal(err)
		}
		var r rec
		if err := json.Unmarshal(b, &r); err != nil || r.Mode != m {
			t.Errorf("JSON round trip of %v: %s -> %v, %v", m, b, r.Mode, err)
		}
	}
	m := BondedImport
	if err := m.UnmarshalText(nil); err != nil || m != 0 {
		t.Errorf("UnmarshalText(empty) = %v, %v", m, err)
	}
	if err := m.UnmarshalText([]byte("nope")); !errors.Is(err, ErrUnknownMode) {
		t.Errorf("UnmarshalText(nope) = %v", err)
	}
	if b, err := BondedImport.AppendText([]byte("x:")); err != nil || string(b) != "x:1210" {
		t.Errorf("AppendText = %q, %v", b, err)
	}
}

func TestModeNoAlloc(t *testing.T) {
	inputs := []string{"1210", "9610-export", "BondedImport", "bondedimport", "网购保税进口", "网购保税进口a", " 9810 "}
	for _, in := range inputs {
		if n := testing.AllocsPerRun(100, func() { _, _ = ParseMode(in) }); n != 0 {
			t.Errorf("ParseMode(%q): %v allocs, want 0", in, n)
		}
	}
	for m := range Modes() {
		if n := testing.AllocsPerRun(100, func() { _, _, _ = m.Code(), m.String(), m.Source() }); n != 0 {
			t.Errorf("%v: Code/String/Source: %v allocs, want 0", m, n)
		}
	}
}

// FuzzParseMode checks that ParseMode never panics and that a parsed mode's
// text parses back to the same mode.
func FuzzParseMode(f *testing.F) {
	for _, s := range []string{"1210", "9610", "9610-export", "BondedImport", "网购保税进口", "网购保税进口A", "", "x", "12100"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMode(s)
		if err != nil {
			if !errors.Is(err, ErrUnknownMode) || m != 0 {
				t.Fatalf("ParseMode(%q) = %v, %v", s, m, err)
			}
			return
		}
		if !m.IsValid() {
			t.Fatalf("ParseMode(%q) = invalid %v without error", s, m)
		}
		b, err := m.MarshalText()
		if err != nil {
			t.Fatalf("%v.MarshalText: %v", m, err)
		}
		back, err := ParseMode(string(b))
		if err != nil || back != m {
			t.Fatalf("ParseMode(%q) = %v, %v; want %v", b, back, err, m)
		}
	})
}

func BenchmarkParseMode(b *testing.B) {
	for _, in := range []string{"1210", "9610-export", "网购保税进口", "bondedimport"} {
		b.Run(in, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ParseMode(in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkModeString(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = BondedImport.String()
		_ = BondedImport.Code()
	}
}
