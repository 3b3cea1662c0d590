// Package cite holds the rules the data readers share for the citation
// columns: a list of pages read, and the official address of a document.
package cite

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Sep separates the pages of a list column (read_at, and the url column of
// the zone files).
const Sep = " ; "

// OfficialHosts are the host suffixes of official publications: a host that
// equals one of them or ends in "." + one of them. Every central and local
// government body publishes under gov.cn (www.gov.cn, customs.gov.cn,
// mofcom.gov.cn, mof.gov.cn, chinatax.gov.cn, npc.gov.cn …).
var OfficialHosts = []string{"gov.cn"}

// Split returns the pages of a list column, in order, without empty
// entries; nil when there are none.
func Split(s string) []string {
	var out []string
	for u := range strings.SplitSeq(s, Sep) {
		if u = strings.TrimSpace(u); u != "" {
			out = append(out, u)
		}
	}
	return out
}

// CheckURL reports whether u is one absolute http or https URL with a host
// and no white space.
func CheckURL(u string) error {
	if strings.Contains(u, Sep) {
		return fmt.Errorf("%q holds several URLs; the field takes one", u)
	}
	if strings.ContainsAny(u, " \t\r\n") {
		return fmt.Errorf("%q contains white space", u)
	}
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return fmt.Errorf("%q is not an absolute http(s) URL", u)
	}
	return nil
}

// Official reports whether u is an absolute http(s) URL on an official host
// (see OfficialHosts).
func Official(u string) bool {
	if CheckURL(u) != nil {
		return false
	}
	p, _ := url.Parse(u)
	host := strings.ToLower(p.Hostname())
	for _, h := range OfficialHosts {
		if host == h || strings.HasSuffix(host, "."+h) {
			return true
		}
	}
	return false
}

// PolicyLibrary reports whether u is a page of the State Council's policy
// library (www.gov.cn/zhengce/, directly or through its big5 gateway), where
// the texts of State Council documents are published.
func PolicyLibrary(u string) bool {
	if !Official(u) {
		return false
	}
	p, _ := url.Parse(u)
	host, path := strings.ToLower(p.Hostname()), p.EscapedPath()
	switch host {
	case "www.gov.cn", "gov.cn":
		return strings.HasPrefix(path, "/zhengce/")
	case "big5.www.gov.cn":
		return strings.HasPrefix(path, "/gate/big5/www.gov.cn/zhengce/")
	}
	return false
}

// OfficialURL returns the official publication of a zone's approving
// document among the pages read, or "": the first page of the State
// Council's policy library (see [PolicyLibrary]), provided the document was
// issued by the State Council (its issuer names 国务院). Other pages on
// government hosts are mostly news and local restatements, not the approving
// document, and stay among the pages read only.
func OfficialURL(doc, issuer string, readAt []string) string {
	if doc == "" || !strings.Contains(issuer, "国务院") {
		return ""
	}
	for _, u := range readAt {
		if PolicyLibrary(u) {
			return u
		}
	}
	return ""
}

// GoLiteral returns the Go expression for pages, as the generators write it:
// nil, or a []string literal.
func GoLiteral(pages []string) string {
	if len(pages) == 0 {
		return "nil"
	}
	q := make([]string, len(pages))
	for i, u := range pages {
		q[i] = strconv.Quote(u)
	}
	return "[]string{" + strings.Join(q, ", ") + "}"
}
