//go:build unix

package main

import (
	"context"
	"flag"
	"html"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tradepolicy/cbec/internal/longtest"

	"github.com/tradepolicy/cbec/policy"
)

var screenshot = flag.String("screenshot", "", "with TestBrowser, save a screenshot of the page answering 杭州, 2019-03-01, 1210 as this PNG `file` (docs/cbec-service.png)")

// browser returns the path of a headless-capable Chromium, or skips the
// test saying why there is none.
func browser(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no Chromium to drive the page: install Debian's (apt-get install -y chromium; .ci/run does) or set CHROMIUM to one")
	return ""
}

// chromium runs Chromium headless on page with args and returns what it
// prints. It gives the page's scripts 20 s of virtual time, during which
// its requests to the service run.
func chromium(t *testing.T, bin, page string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	args = append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--no-first-run", "--disable-extensions", "--disable-breakpad", "--disable-crash-reporter", "--user-data-dir=" + t.TempDir(), "--virtual-time-budget=20000"}, args...)
	cmd := exec.CommandContext(ctx, bin, append(args, page)...)
	// Chromium starts helper processes: stop them all with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if cmd.Process != nil {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", bin, page, err, stderr.String())
	}
	return string(out)
}

// element returns the text of the element with the given id in the DOM
// dom, tags removed, or "" if there is none.
func element(dom, id string) string {
	start := regexp.MustCompile(`<(\w+)[^>]*\bid="` + regexp.QuoteMeta(id) + `"[^>]*>`).FindStringSubmatchIndex(dom)
	if start == nil {
		return ""
	}
	tag := dom[start[2]:start[3]]
	rest := dom[start[1]:]
	// The element ends at its closing tag, counting nested ones of its kind.
	depth, i := 1, 0
	open, closing := regexp.MustCompile(`<`+tag+`\b`), "</"+tag+">"
	for depth > 0 {
		c := strings.Index(rest[i:], closing)
		if c < 0 {
			return ""
		}
		if o := open.FindStringIndex(rest[i:]); o != nil && o[0] < c {
			depth++
			i += o[1]
			continue
		}
		depth--
		i += c + len(closing)
	}
	text := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(rest[:i-len(closing)], " ")
	return strings.Join(strings.Fields(html.UnescapeString(text)), " ")
}

// TestBrowser drives the page in headless Chromium as a person would open a
// shared link, and reads the answer from the rendered page.
func TestBrowser(t *testing.T) {
	longtest.Skip(t)
	bin := browser(t)
	addr, _ := start(t, defaults, newHandler(policy.Default(), settings{}))
	base := "http://" + addr + "/?"

	dom := chromium(t, bin, base+url.Values{"city": {"杭州"}, "date": {"2019-03-01"}, "mode": {"1210"}}.Encode(), "--dump-dom")
	if v := element(dom, "verdict"); v != "allowed" {
		t.Errorf("杭州, 2019-03-01, 1210: the page shows the verdict %q, want allowed", v)
	}
	if b := element(dom, "basis"); !strings.Contains(b, "商财发〔2018〕486号") || !strings.Contains(b, "海关总署公告2018年第194号") {
		t.Errorf("the documents shown: %q", b)
	}
	if !strings.Contains(dom, `href="https://www.gov.cn/zhengce/zhengceku/2018-12/31/content_5437823.htm"`) {
		t.Error("the page does not link 商财发〔2018〕486号's official text")
	}
	for id, want := range map[string]string{
		"reason-zh": "杭州市是商财发〔2018〕486号确定的跨境电商零售进口试点城市",
		"reason-en": "杭州市 is a retail-import pilot city under 商财发〔2018〕486号",
		"what":      "杭州市 (330100, Hangzhou) · 2019-03-01 · 1210",
		"timeline":  "2014-08-01",
		"zones":     "杭州保税物流中心（B型）",
	} {
		if got := element(dom, id); !strings.Contains(got, want) {
			t.Errorf("#%s shows %q, want it to contain %q", id, got, want)
		}
	}
	if !strings.Contains(element(dom, "chart"), "商财发〔2021〕39号") {
		t.Error("the coverage picture is not on the page")
	}

	// An ambiguous name: the page lists the units it could mean.
	dom = chromium(t, bin, base+url.Values{"city": {"朝阳"}, "date": {"2019-03-01"}, "mode": {"1210"}}.Encode(), "--dump-dom")
	cands := element(dom, "candidates")
	for _, want := range []string{"朝阳市 · 辽宁省 · 211300", "朝阳区 · 北京市 · 110105", "朝阳县 · 朝阳市 · 211321", "朝阳区 · 长春市 · 220104"} {
		if !strings.Contains(cands, want) {
			t.Errorf("朝阳: the candidates shown are %q, want %q among them", cands, want)
		}
	}
	if v := element(dom, "verdict"); v != "denied" || !strings.Contains(element(dom, "gaps"), "110105") {
		t.Errorf("朝阳: verdict %q, gaps %q", v, element(dom, "gaps"))
	}

	// A province: the error and the units inside it.
	dom = chromium(t, bin, base+url.Values{"city": {"浙江"}, "date": {"2021-04-01"}, "mode": {"1210"}}.Encode(), "--dump-dom")
	if s := element(dom, "status"); !strings.Contains(s, "not_a_city") || !strings.Contains(element(dom, "candidates"), "杭州市") {
		t.Errorf("浙江: status %q, candidates %q", s, element(dom, "candidates"))
	}

	if *screenshot != "" {
		chromium(t, bin, base+url.Values{"city": {"杭州"}, "date": {"2019-03-01"}, "mode": {"1210"}}.Encode(),
			"--hide-scrollbars", "--window-size=1100,2150", "--screenshot="+*screenshot)
		t.Logf("screenshot saved as %s", *screenshot)
	}
}

func TestElement(t *testing.T) {
	dom := `<div id="a"><div>x &amp; <b>y</b></div><div>z</div></div><p id="b">w</p>`
	if got := element(dom, "a"); got != "x & y z" {
		t.Errorf("element a = %q", got)
	}
	if got := element(dom, "b"); got != "w" {
		t.Errorf("element b = %q", got)
	}
	if got := element(dom, "c"); got != "" {
		t.Errorf("element c = %q", got)
	}
}
