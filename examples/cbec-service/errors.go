package main

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tradepolicy/cbec/zones"
)

// The error codes, as openapi.json lists them. Programs act on the code;
// the message's wording may change.
const (
	codeMissingParameter   = "missing_parameter"
	codeDuplicateParameter = "duplicate_parameter"
	codeUnknownParameter   = "unknown_parameter"
	codeInvalidQuery       = "invalid_query"
	codeInvalidDate        = "invalid_date"
	codeInvalidMode        = "invalid_mode"
	codeInvalidVerdict     = "invalid_verdict"
	codeUnknownCity        = "unknown_city"
	codeAmbiguousCity      = "ambiguous_city"
	codeNotACity           = "not_a_city"
	codeNotFound           = "not_found"
	codeMethodNotAllowed   = "method_not_allowed"
	codeBodyNotAllowed     = "body_not_allowed"
	codeQueryTooLong       = "query_too_long"
	codeInternal           = "internal_error"
	// Written for net/http's own replies, before any handler runs (conn.go).
	codeHeaderTooLarge     = "header_too_large"
	codeBadRequest         = "bad_request"
	codeNotImplemented     = "not_implemented"
	codeHTTPVersionUnknown = "http_version_not_supported"
)

// errorCodes are all the codes, in the order openapi.json lists them.
var errorCodes = []string{
	codeMissingParameter, codeDuplicateParameter, codeUnknownParameter, codeInvalidQuery,
	codeInvalidDate, codeInvalidMode, codeInvalidVerdict, codeUnknownCity, codeAmbiguousCity,
	codeNotACity, codeNotFound, codeMethodNotAllowed, codeBodyNotAllowed, codeQueryTooLong,
	codeHeaderTooLarge, codeBadRequest, codeNotImplemented, codeHTTPVersionUnknown, codeInternal,
}

// A text is a message in English and in Chinese.
type text struct{ en, zh string }

// An apiError is an error reply.
type apiError struct {
	status int
	code   string
	msg    text
	// candidates are the units an ambiguous name could mean, the close
	// matches of an unknown one, or the units inside one that is not a city.
	candidates []zones.City
	total      int    // for ambiguous_city and not_a_city: how many candidates in all
	hint       string // the registry's advice for the name (English)
}

// errorBody is the JSON of an error reply.
type errorBody struct {
	Error           string      `json:"error"`
	Code            string      `json:"code"`
	Candidates      []cityEntry `json:"candidates,omitempty"`
	CandidatesTotal int         `json:"candidates_total,omitempty"`
	Hint            string      `json:"hint,omitempty"`
}

// body returns the reply's JSON body, in Chinese if zh.
func (e *apiError) body(zh bool) errorBody {
	b := errorBody{Error: e.msg.en, Code: e.code, CandidatesTotal: e.total, Hint: e.hint}
	if zh {
		b.Error = e.msg.zh
	}
	for i, c := range e.candidates {
		if i == maxCandidates {
			break
		}
		b.Candidates = append(b.Candidates, cityOf(c))
	}
	return b
}

func newError(status int, code, en, zh string) *apiError {
	return &apiError{status: status, code: code, msg: text{en, zh}}
}

func errMissing(name string) *apiError {
	return newError(http.StatusBadRequest, codeMissingParameter, "missing parameter "+name, "缺少参数 "+name)
}

func errDuplicate(name string, n int) *apiError {
	return newError(http.StatusBadRequest, codeDuplicateParameter,
		"parameter "+name+" is given "+strconv.Itoa(n)+" times; give it once",
		"参数 "+name+" 出现了"+strconv.Itoa(n)+"次，只能给一次")
}

func errUnknownParam(name, path string, names []string) *apiError {
	takes, takesZH := "takes no parameters", "不接受任何参数"
	if len(names) > 0 {
		takes = "takes " + strings.Join(names, ", ")
		takesZH = "接受的参数为 " + strings.Join(names, "、")
	}
	return newError(http.StatusBadRequest, codeUnknownParameter,
		"unknown parameter "+quote(name)+"; "+path+" "+takes,
		"未知参数 "+quote(name)+"；"+path+" "+takesZH)
}

func errInvalidQuery(detail string) *apiError {
	return newError(http.StatusBadRequest, codeInvalidQuery, "invalid query: "+detail, "查询字符串无效："+detail)
}

func errInvalidDate(v string) *apiError {
	return newError(http.StatusBadRequest, codeInvalidDate,
		"invalid date "+quote(v)+": want YYYY-MM-DD, a real calendar date",
		"日期无效 "+quote(v)+"：应为 YYYY-MM-DD 格式的真实日期")
}

func errInvalidMode(v string) *apiError {
	return newError(http.StatusBadRequest, codeInvalidMode,
		"unknown customs supervision mode "+quote(v)+": want a code (1210, 9610-export …), a constant name (BondedImport …) or a Chinese name (网购保税进口 …)",
		"未知的海关监管方式 "+quote(v)+"：应为代码（1210、9610-export 等）、常量名（BondedImport 等）或中文名称（网购保税进口等）")
}

func errInvalidVerdict(v string) *apiError {
	return newError(http.StatusBadRequest, codeInvalidVerdict,
		"invalid verdict "+quote(v)+": want allowed, unknown or denied",
		"verdict 参数无效 "+quote(v)+"：应为 allowed、unknown 或 denied")
}

func errLongCity(v string) *apiError {
	return newError(http.StatusBadRequest, codeUnknownCity,
		"unknown city "+quote(v)+": longer than "+strconv.Itoa(maxParam)+" bytes",
		"未知城市 "+quote(v)+"：超过"+strconv.Itoa(maxParam)+"字节")
}

func errNotFound(path string) *apiError {
	return newError(http.StatusNotFound, codeNotFound, "no route "+quote(path), "没有路径 "+quote(path))
}

func errMethod(method, path string) *apiError {
	return newError(http.StatusMethodNotAllowed, codeMethodNotAllowed,
		"method "+quote(method)+" not allowed on "+quote(path)+"; use GET or HEAD",
		quote(path)+" 不接受方法 "+quote(method)+"；请使用 GET 或 HEAD")
}

func errBody() *apiError {
	return newError(http.StatusRequestEntityTooLarge, codeBodyNotAllowed, "a request body is not allowed", "请求不得带有请求体")
}

func errQueryTooLong(n int) *apiError {
	return newError(http.StatusRequestURITooLong, codeQueryTooLong,
		"the query has "+strconv.Itoa(n)+" bytes; at most "+strconv.Itoa(maxQuery)+" are allowed",
		"查询字符串有"+strconv.Itoa(n)+"字节，最多允许"+strconv.Itoa(maxQuery)+"字节")
}

func errInternal() *apiError {
	return newError(http.StatusInternalServerError, codeInternal, "internal error", "内部错误")
}

// listCities returns "苏州市 (320500), 宿州市 (341300)" and its Chinese
// form "苏州市（320500）、宿州市（341300）" for the first n of cs.
func listCities(cs []zones.City, n int) text {
	var en, zh strings.Builder
	for i, c := range cs {
		if i == n {
			break
		}
		if i > 0 {
			en.WriteString(", ")
			zh.WriteString("、")
		}
		en.WriteString(c.Name + " (" + c.Code + ")")
		zh.WriteString(c.Name + "（" + c.Code + "）")
	}
	return text{en.String(), zh.String()}
}

// lookupError returns the error of a city name v that names no unit (le
// wraps zones.ErrUnknownCity) or several (zones.ErrAmbiguousCity).
func lookupError(v string, le *zones.LookupError, ambiguous bool) *apiError {
	e := &apiError{status: http.StatusBadRequest, candidates: le.Candidates, hint: le.Hint}
	names := listCities(le.Candidates, maxCandidates)
	if ambiguous {
		e.code, e.total = codeAmbiguousCity, len(le.Candidates)
		e.msg = text{"ambiguous city " + quote(v), "城市名有歧义 " + quote(v)}
		if len(le.Candidates) > 0 {
			e.msg.en += ": could be " + names.en
			e.msg.zh += "：可能是" + names.zh
		}
	} else {
		e.code = codeUnknownCity
		e.msg = text{"unknown city " + quote(v), "未知城市 " + quote(v)}
		if len(le.Candidates) > 0 {
			e.msg.en += "; did you mean " + names.en
			e.msg.zh += "；是否指" + names.zh
		}
	}
	if e.hint != "" {
		e.msg.en += "; " + e.hint
		e.msg.zh += "；" + e.hint
	}
	return e
}

// notACity returns the error for unit c, which has no answer of its own:
// inside are the units inside it that do.
func notACity(c zones.City, inside []zones.City) *apiError {
	e := &apiError{status: http.StatusBadRequest, code: codeNotACity, candidates: inside, total: len(inside)}
	what, whatZH := "has no answer of its own", "没有单独的判断"
	if c.Level == zones.Province {
		what, whatZH = "is a province", "是省级单位"
	}
	e.msg.en = c.Name + " (" + c.Code + ") " + what + ", and the rules apply city by city"
	e.msg.zh = c.Name + "（" + c.Code + "）" + whatZH + "，相关规则按城市适用"
	if n := len(inside); n > 0 {
		few := listCities(inside, 3)
		more, moreZH := "", ""
		if n > 3 {
			more, moreZH = " …", "等"
		}
		e.msg.en += ": ask about one of the " + strconv.Itoa(n) + " units in it, such as " + few.en + more
		e.msg.zh += "：请查询其下" + strconv.Itoa(n) + "个单位之一，如" + few.zh + moreZH
	}
	return e
}

// quote quotes s for an error message, cut to maxQuoted characters (an
// invalid byte counts as one) followed by "…".
func quote(s string) string {
	n, i := 0, 0
	for i < len(s) && n < maxQuoted {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		n++
	}
	if i < len(s) {
		return strconv.Quote(s[:i]) + "…"
	}
	return strconv.Quote(s)
}

// prefersChinese reports whether an Accept-Language header value ranks
// Chinese (zh, zh-CN, zh-Hans …) above English and above "*". Ties go to
// the tag listed first; a header naming neither gives English.
func prefersChinese(h string) bool {
	if h == "" {
		return false
	}
	bestQ, zh := -1.0, false
	for i := 0; h != "" && i < 32; i++ {
		var part string
		part, h, _ = strings.Cut(h, ",")
		tag, params, _ := strings.Cut(part, ";")
		tag = strings.ToLower(strings.TrimSpace(tag))
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || f < 0 || f > 1 {
				continue
			}
			q = f
		}
		isZH := tag == "zh" || strings.HasPrefix(tag, "zh-")
		isEN := tag == "en" || strings.HasPrefix(tag, "en-") || tag == "*"
		if (isZH || isEN) && q > 0 && q > bestQ {
			bestQ, zh = q, isZH
		}
	}
	return zh
}
