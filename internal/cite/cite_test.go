package cite

import (
	"slices"
	"testing"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"  ", nil},
		{"https://a.example/1", []string{"https://a.example/1"}},
		{"https://a.example/1 ; https://b.example/2", []string{"https://a.example/1", "https://b.example/2"}},
		{" https://a.example/1 ;  ; https://b.example/2 ", []string{"https://a.example/1", "https://b.example/2"}},
		{"https://a.example/x;y=1", []string{"https://a.example/x;y=1"}},
	}
	for _, tt := range tests {
		if got := Split(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Split(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCheckURL(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{"https://www.gov.cn/zhengce/x.htm", true},
		{"http://a.example/?c=msg&id=1", true},
		{"", false},
		{"www.gov.cn/x", false},
		{"ftp://a.example/x", false},
		{"https:///x", false},
		{"https://a.example/1 ; https://b.example/2", false},
		{"https://a.example/a b", false},
		{"GitHub-hosted site (src/App.tsx)", false},
	}
	for _, tt := range tests {
		if err := CheckURL(tt.in); (err == nil) != tt.ok {
			t.Errorf("CheckURL(%q) = %v, want ok %v", tt.in, err, tt.ok)
		}
	}
}

func TestOfficial(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"https://www.gov.cn/zhengce/zhengceku/2018-12/31/content_5437823.htm", true},
		{"http://www.mof.gov.cn/gp/x.htm", true},
		{"https://swj.changzhou.gov.cn/html/x.html", true},
		{"https://WWW.NPC.GOV.CN/npc/x.html", true},
		{"https://gov.cn/x", true},
		{"https://notgov.cn/x", false},
		{"https://www.gov.cn.example.com/x", false},
		{"https://ssopdot.com/blog/6863.html", false},
		{"www.gov.cn/x", false},
	}
	for _, tt := range tests {
		if got := Official(tt.in); got != tt.want {
			t.Errorf("Official(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestPolicyLibrary(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"https://www.gov.cn/zhengce/content/2020-09/21/content_5544926.htm", true},
		{"http://big5.www.gov.cn/gate/big5/www.gov.cn/zhengce/content/2020-09/21/content_5544926.htm", true},
		{"http://www.gov.cn/xinwen/2017-07/27/content_5213921.htm", false},
		{"http://big5.www.gov.cn/gate/big5/www.gov.cn/jrzg/2008-10/23/content_1129506.htm", false},
		{"http://english.www.gov.cn/policies/latest_releases/2017/03/31/content_281475613053474.htm", false},
		{"http://www.mofcom.gov.cn/article/zcfb/zcwg/200903/20090306090557.shtml", false},
		{"https://example.org/zhengce/x", false},
	}
	for _, tt := range tests {
		if got := PolicyLibrary(tt.in); got != tt.want {
			t.Errorf("PolicyLibrary(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestGoLiteral(t *testing.T) {
	if got := GoLiteral(nil); got != "nil" {
		t.Errorf("GoLiteral(nil) = %s", got)
	}
	if got, want := GoLiteral([]string{"https://a.example/1", `https://b.example/"2"`}), `[]string{"https://a.example/1", "https://b.example/\"2\""}`; got != want {
		t.Errorf("GoLiteral = %s, want %s", got, want)
	}
}

func TestOfficialURL(t *testing.T) {
	lib := "http://big5.www.gov.cn/gate/big5/www.gov.cn/zhengce/content/2020-09/21/content_5544926.htm"
	news := "http://www.gov.cn/xinwen/2017-07/27/content_5213921.htm"
	tests := []struct {
		name, doc, issuer string
		pages             []string
		want              string
	}{
		{"library page of a State Council document", "国发〔2020〕10号", "国务院", []string{"https://a.example/1", lib}, lib},
		{"news only", "国函〔2017〕1号", "国务院", []string{news}, ""},
		{"no document", "", "国务院", []string{lib}, ""},
		{"not a State Council document", "商资函〔2020〕1号", "商务部", []string{lib}, ""},
		{"no pages", "国发〔2020〕10号", "国务院", nil, ""},
	}
	for _, tt := range tests {
		if got := OfficialURL(tt.doc, tt.issuer, tt.pages); got != tt.want {
			t.Errorf("%s: OfficialURL = %q, want %q", tt.name, got, tt.want)
		}
	}
}
