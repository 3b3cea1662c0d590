package policy_test

import (
	"testing"

	"github.com/tradepolicy/cbec/policy"
)

func TestVerdictUnmarshalText(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want policy.Verdict
	}{
		{"unknown", policy.Unknown},
		{"allowed", policy.Allowed},
		{"denied", policy.Denied},
		{"Allowed", policy.Allowed},
		{"DENIED", policy.Denied},
		{" allowed\n", policy.Allowed},
		{"allowed\u00a0", policy.Allowed},
		{"\u3000Unknown\r\n", policy.Unknown},
		{"ＡＬＬＯＷＥＤ", policy.Allowed},
	} {
		var v policy.Verdict = 9
		if err := v.UnmarshalText([]byte(tt.in)); err != nil || v != tt.want {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v", tt.in, v, err, tt.want)
		}
	}
	for _, in := range []string{"", " ", "\u00a0", "allow", "yes", "Verdict(1)", "1"} {
		var v policy.Verdict
		if err := v.UnmarshalText([]byte(in)); err == nil {
			t.Errorf("UnmarshalText(%q) = %v, want error", in, v)
		}
	}
}
